-- An edited article's history event takes OTRS's name, ArticleUpdate: rows written before keep their meaning.
UPDATE "history" SET "event" = 'ArticleUpdate' WHERE "event" = 'ArticleEdited';
