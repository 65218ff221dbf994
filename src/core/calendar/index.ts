export {
  BusinessCalendar,
  type BusinessCalendarDefinition,
  InvalidCalendarError,
  NoWorkingTimeError,
  type WorkingInterval,
} from './business-calendar.js';
export {
  type CalendarDefinition,
  type DefinitionProblem,
  formatTimeRange,
  type MinuteRange,
  parseWeeklyHours,
  timeZoneProblem,
  WEEKDAYS,
  type Weekday,
  type WeeklyHours,
} from './definition.js';
export {
  easterSunday,
  type HolidayRules,
  holidayChecker,
  holidayDateProblem,
  type IsoDay,
  isHoliday,
  isValidHolidayDate,
  italianNationalHolidays,
} from './holidays.js';
