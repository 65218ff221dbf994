-- Full-text search over ticket titles and article subjects and bodies (SQLite: FTS5, its migrations 0001 and
-- 0007). Each text is indexed three ways at once, accents folded: as written, by Italian stems and by English
-- stems; a searched word matches any of the three (search_query). New rows are indexed in batches by the
-- core (src/core/search-index.ts), as on SQLite; edits to rows already indexed are applied by triggers.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION sportello_simple (COPY = simple);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION sportello_simple
  ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
  WITH unaccent, simple;
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION sportello_italian (COPY = italian);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION sportello_italian
  ALTER MAPPING FOR asciiword, word, asciihword, hword, hword_asciipart, hword_part WITH unaccent, italian_stem;
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION sportello_english (COPY = english);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION sportello_english
  ALTER MAPPING FOR asciiword, word, asciihword, hword, hword_asciipart, hword_part WITH unaccent, english_stem;
--> statement-breakpoint
-- Words are what is between characters that are neither letters nor digits, as FTS5's tokenizer and the
-- core's query words have them: PostgreSQL's parser would keep an email address or a host name in one piece.
CREATE FUNCTION search_document(content text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT strip(to_tsvector('sportello_simple', words) || to_tsvector('sportello_italian', words)
    || to_tsvector('sportello_english', words))
  FROM regexp_replace(content, '[^[:alnum:]]+', ' ', 'g') AS words
$$;
--> statement-breakpoint
-- `words`: words of letters and digits separated by one space; the last may end in * (a prefix). Every word
-- must match, in any of the three ways the documents are indexed.
CREATE FUNCTION search_query(words text) RETURNS tsquery
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  result tsquery;
  word text;
  operand text;
  any_way tsquery;
BEGIN
  FOREACH word IN ARRAY string_to_array(words, ' ') LOOP
    operand := CASE WHEN word LIKE '%*' THEN quote_literal(rtrim(word, '*')) || ':*' ELSE quote_literal(word) END;
    any_way := to_tsquery('sportello_simple', operand) || to_tsquery('sportello_italian', operand)
      || to_tsquery('sportello_english', operand);
    result := CASE WHEN result IS NULL THEN any_way ELSE result && any_way END;
  END LOOP;
  RETURN result;
END
$$;
--> statement-breakpoint
CREATE TABLE "tickets_search" (
  "id" integer PRIMARY KEY REFERENCES "tickets"("id") ON DELETE CASCADE,
  "document" tsvector NOT NULL
);
--> statement-breakpoint
CREATE INDEX "tickets_search_document" ON "tickets_search" USING gin ("document");
--> statement-breakpoint
CREATE TABLE "articles_search" (
  "id" integer PRIMARY KEY REFERENCES "articles"("id") ON DELETE CASCADE,
  "document" tsvector NOT NULL
);
--> statement-breakpoint
CREATE INDEX "articles_search_document" ON "articles_search" USING gin ("document");
--> statement-breakpoint
-- A row not indexed yet has no document to update: its batch indexes its text as it is then.
CREATE FUNCTION tickets_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "tickets_search" SET "document" = search_document(NEW."title") WHERE "id" = NEW."id";
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "tickets_search_update" AFTER UPDATE OF "title" ON "tickets"
  FOR EACH ROW WHEN (OLD."title" IS DISTINCT FROM NEW."title") EXECUTE FUNCTION tickets_search_update();
--> statement-breakpoint
CREATE FUNCTION articles_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "articles_search" SET "document" = search_document(concat_ws(' ', NEW."subject", NEW."body"))
    WHERE "id" = NEW."id";
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "articles_search_update" AFTER UPDATE OF "subject", "body" ON "articles"
  FOR EACH ROW WHEN (OLD."subject" IS DISTINCT FROM NEW."subject" OR OLD."body" IS DISTINCT FROM NEW."body")
  EXECUTE FUNCTION articles_search_update();
