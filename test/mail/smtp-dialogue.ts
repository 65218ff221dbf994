import { connect, type Socket } from 'node:net';

/**
 * A bare SMTP client for the listener's tests: one command at a time, each reply read whole (multi-line
 * replies joined), and a DATA streamed from one reused chunk, so a test can send what a mail library would
 * refuse to (hundreds of recipients, tens of megabytes) without holding it in memory.
 */
export class SmtpDialogue {
  private pending = '';
  private readonly replies: string[] = [];
  private readonly waiters: ((reply: string) => void)[] = [];
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (text: string) => this.received(text));
    socket.on('error', () => this.ended());
    socket.on('close', () => this.ended());
  }

  /** Connects to 127.0.0.1; the first reply is the greeting (or the refusal). */
  static open(port: number): Promise<SmtpDialogue> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => resolve(new SmtpDialogue(socket)));
      socket.once('error', reject);
    });
  }

  /** The next reply, or '' once the server closed the connection. */
  reply(): Promise<string> {
    const next = this.replies.shift();
    if (next !== undefined) return Promise.resolve(next);
    if (this.closed) return Promise.resolve('');
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Sends one command line and reads its reply. */
  command(line: string): Promise<string> {
    this.socket.write(`${line}\r\n`);
    return this.reply();
  }

  /**
   * DATA with `totalBytes` of text lines, written as fast as the server reads them; `onProgress` is called
   * with the bytes written so far after each chunk. Returns the reply to the final dot.
   */
  async data(totalBytes: number, onProgress: (written: number) => void = () => {}): Promise<string> {
    const start = await this.command('DATA');
    if (!start.startsWith('354')) return start;
    const line = `${'x'.repeat(1022)}\r\n`;
    const chunk = Buffer.from(line.repeat(64), 'latin1');
    let written = 0;
    while (written < totalBytes && !this.closed) {
      if (!this.socket.write(chunk)) await new Promise((resolve) => this.socket.once('drain', resolve));
      written += chunk.length;
      onProgress(written);
    }
    return this.command('.');
  }

  close(): void {
    this.socket.destroy();
  }

  private received(text: string): void {
    this.pending += text;
    for (;;) {
      // A reply ends with a line whose code is followed by a space ("250 ok"), not a dash ("250-SIZE").
      const end = /^\d{3} [^\r\n]*\r\n/m.exec(this.pending);
      if (!end) return;
      const length = end.index + end[0].length;
      const reply = this.pending.slice(0, length).trimEnd().replace(/\r\n/g, '\n');
      this.pending = this.pending.slice(length);
      const waiter = this.waiters.shift();
      if (waiter) waiter(reply);
      else this.replies.push(reply);
    }
  }

  private ended(): void {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter('');
  }
}
