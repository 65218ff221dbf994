export {
  BusinessCalendar,
  type BusinessCalendarDefinition,
  InvalidCalendarError,
  NoWorkingTimeError,
  type Weekday,
  type WorkingInterval,
} from './business-calendar.js';
export {
  easterSunday,
  type HolidayRules,
  holidayChecker,
  type IsoDay,
  isHoliday,
  isValidHolidayDate,
  italianNationalHolidays,
} from './holidays.js';
