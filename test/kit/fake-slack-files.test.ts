import type { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uploadToDm } from '../../src/bot/uploads.js';
import { type FakeSlack, startFakeSlack } from '../../src/fake-slack/fake-slack.js';
import { fakeSlackClient } from '../support/fake-slack-client.js';

const MARIA = { id: 'U0MARIA001', name: 'maria', realName: 'Maria Rossi', locale: 'it-IT' };
let fake: FakeSlack;
let web: WebClient;
beforeEach(async () => {
  fake = await startFakeSlack({ users: [MARIA] });
  web = fakeSlackClient(fake);
});
afterEach(async () => {
  await fake.close();
});

describe('fake Slack: the external file upload flow', () => {
  it('gives an upload URL on itself, takes the bytes, and shares the file into a DM as a message', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x0d, 0x0a]);
    const url = await web.files.getUploadURLExternal({ filename: 'chart.png', length: bytes.length });
    expect(url.upload_url?.startsWith(`${fake.url}/upload/`)).toBe(true);
    expect(url.file_id).toMatch(/^F/);
    const posted = await fetch(url.upload_url as string, { method: 'POST', body: new Uint8Array(bytes) });
    expect(posted.status).toBe(200);
    expect(await posted.text()).toBe(`OK - ${bytes.length}`);
    const dm = fake.dmChannelOf(MARIA.id);
    const done = await web.files.completeUploadExternal({
      files: [{ id: url.file_id as string, title: 'Weekly chart' }],
      channel_id: dm,
      initial_comment: 'Here it is',
    });
    expect(done.files?.[0]).toMatchObject({ id: url.file_id, title: 'Weekly chart', mimetype: 'image/png' });
    const file = fake.file(url.file_id as string);
    expect(file?.bytes).toEqual(bytes);
    expect(file).toMatchObject({
      completed: true,
      name: 'chart.png',
      title: 'Weekly chart',
      shares: [{ channel: dm }],
    });
    const [message] = fake.messages(dm);
    expect(message).toMatchObject({ text: 'Here it is', user: fake.botUserId });
    expect(message?.files).toEqual([expect.objectContaining({ id: url.file_id, name: 'chart.png' })]);
  });

  it('refuses to complete an unknown file or one whose bytes never came, and needs a filename and length', async () => {
    await expect(web.files.completeUploadExternal({ files: [{ id: 'F0NOPE' }] })).rejects.toMatchObject({
      data: { error: 'file_not_found' },
    });
    const url = await web.files.getUploadURLExternal({ filename: 'a.csv', length: 3 });
    await expect(
      web.files.completeUploadExternal({ files: [{ id: url.file_id as string }], channel_id: 'C0HELPDESK' }),
    ).rejects.toMatchObject({ data: { error: 'file_upload_not_completed' } });
    expect(fake.messages('C0HELPDESK')).toEqual([]);
    await expect(web.apiCall('files.getUploadURLExternal', { filename: 'x' })).rejects.toMatchObject({
      data: { error: 'invalid_arguments' },
    });
  });

  it('works with the SDK’s own filesUploadV2 (multipart bytes)', async () => {
    const content = 'number,title\r\n1,"a, b"\r\n';
    await web.filesUploadV2({
      channel_id: 'C0HELPDESK',
      file: Buffer.from(content),
      filename: 'export.csv',
      title: 'Export',
    });
    const [file] = fake.files();
    expect(file?.bytes?.toString('utf8')).toBe(content);
    expect(fake.messages('C0HELPDESK')[0]?.files).toHaveLength(1);
  });

  it('is what uploadToDm uses: DM opened, bytes posted, file shared', async () => {
    const uploaded = await uploadToDm(web, MARIA.id, {
      filename: 'tickets.csv',
      title: 'Tickets',
      bytes: Buffer.from('a,b\r\n'),
      initialComment: 'Your export',
    });
    expect(uploaded.channelId).toBe(fake.dmChannelOf(MARIA.id));
    expect(fake.calls().map((c) => c.method)).toEqual([
      'conversations.open',
      'files.getUploadURLExternal',
      'files.completeUploadExternal',
    ]);
    expect(fake.file(uploaded.fileId)?.bytes?.toString()).toBe('a,b\r\n');
    expect(fake.messages(uploaded.channelId)[0]?.text).toBe('Your export');
    fake.reset();
    expect(fake.files()).toEqual([]);
  });
});
