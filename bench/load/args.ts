/** `--name`'s value as a positive whole number (`100_000` allowed); otherwise says so and exits with 2. */
export function positiveInt(name: string, text: string): number {
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 1) {
    process.stderr.write(`--${name} must be a positive whole number (got ${text})\n`);
    process.exit(2);
  }
  return value;
}
