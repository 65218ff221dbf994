import type { App } from '@slack/bolt';
import { VIEWS } from '../../../views/ids.js';
import type { BotDeps } from '../../deps.js';
import { assignSubmission } from './assign-submission.js';
import { closeSubmission } from './close-submission.js';
import { escalateSubmission } from './escalate-submission.js';
import { fieldsSubmission } from './fields-submission.js';
import { mergeSubmission } from './merge-submission.js';
import { newTicketSubmission } from './new-ticket-submission.js';
import { noteSubmission } from './note-submission.js';
import { pendingSubmission } from './pending-submission.js';
import { prioritySubmission } from './priority-submission.js';
import { ratingCommentSubmission } from './rating-comment-submission.js';
import { replySubmission } from './reply-submission.js';
import { responsibleSubmission } from './responsible-submission.js';
import { sendBackSubmission } from './send-back-submission.js';
import { tagsSubmission } from './tags-submission.js';

export function registerViews(app: App, deps: BotDeps): void {
  app.view(VIEWS.newTicket, newTicketSubmission(deps));
  app.view(VIEWS.reply, replySubmission(deps));
  app.view(VIEWS.note, noteSubmission(deps));
  app.view(VIEWS.escalate, escalateSubmission(deps));
  app.view(VIEWS.sendBack, sendBackSubmission(deps));
  app.view(VIEWS.assign, assignSubmission(deps));
  app.view(VIEWS.responsible, responsibleSubmission(deps));
  app.view(VIEWS.priority, prioritySubmission(deps));
  app.view(VIEWS.pending, pendingSubmission(deps));
  app.view(VIEWS.close, closeSubmission(deps));
  app.view(VIEWS.merge, mergeSubmission(deps));
  app.view(VIEWS.fields, fieldsSubmission(deps));
  app.view(VIEWS.ratingComment, ratingCommentSubmission(deps));
  app.view(VIEWS.tags, tagsSubmission(deps));
}
