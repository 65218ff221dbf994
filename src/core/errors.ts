/**
 * Every refusal of the core is a HelpDeskError: `code` lets a caller pick a translated message,
 * `params` fill it in, and `message` is already fit to show a person.
 */
export class HelpDeskError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends HelpDeskError {
  constructor(what: string, key: string | number) {
    super('not_found', `${what} ${key} does not exist.`, { what, key });
  }
}

export class PermissionDeniedError extends HelpDeskError {
  constructor(action: string, where: string) {
    super('permission_denied', `You are not allowed to ${action} in ${where}.`, { action, where });
  }
}

export class AlreadyClaimedError extends HelpDeskError {
  constructor(ticketNumber: string, ownerName: string, ownerSlackUserId: string) {
    super('already_claimed', `Ticket#${ticketNumber} is already claimed by ${ownerName}.`, {
      ticketNumber,
      ownerName,
      ownerSlackUserId,
    });
  }
}

export class InvalidTransitionError extends HelpDeskError {
  constructor(ticketNumber: string, from: string, to: string) {
    super('invalid_transition', `Ticket#${ticketNumber} is ${from}: it cannot become ${to}.`, {
      ticketNumber,
      from,
      to,
    });
  }
}

export class ValidationError extends HelpDeskError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('invalid_input', message, { field });
  }
}

/** The ticket is closed or merged: what was asked only applies to a ticket still being worked. */
export class TicketNotWorkingError extends HelpDeskError {
  constructor(ticketNumber: string, stateName: string) {
    super('ticket_not_working', `Ticket#${ticketNumber} is ${stateName}.`, {
      ticketNumber,
      state: stateName,
    });
  }
}
