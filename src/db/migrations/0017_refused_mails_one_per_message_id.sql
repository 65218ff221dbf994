-- Custom: before refused_mails.message_id becomes a unique key, the copies that two processes reading one mailbox may have stored are dropped, the first of each kept.
DELETE FROM `refused_mails` WHERE `message_id` IS NOT NULL AND `id` NOT IN (SELECT min(`id`) FROM `refused_mails` WHERE `message_id` IS NOT NULL GROUP BY `message_id`);
