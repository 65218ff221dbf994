/** The placeholders a canned response may use, filled in when it is offered for a ticket. */
export const RESPONSE_VARIABLES = ['customer_name', 'ticket_number', 'queue', 'operator', 'due'] as const;
export type ResponseVariable = (typeof RESPONSE_VARIABLES)[number];

const PLACEHOLDER = /\{([a-z_]+)\}/g;

/** The placeholders of `text` that are not known variables (for the configuration file's checks). */
export function unknownVariables(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)]
    .map((match) => match[1] ?? '')
    .filter((name) => !(RESPONSE_VARIABLES as readonly string[]).includes(name));
}

/** `text` with each known placeholder replaced by its value; unknown ones are left as written. */
export function fillVariables(text: string, values: Record<ResponseVariable, string>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) =>
    (RESPONSE_VARIABLES as readonly string[]).includes(name) ? values[name as ResponseVariable] : whole,
  );
}
