-- 016: languages. A person's own choice for the pages and mail caregrid gives them (NULL: as their browser
-- asks); a round's language, offered to whoever answers when neither they nor their browser choose one, and
-- whether its survey shows the questions in English too, side by side (Welsh-first bilingual rounds).
-- Answers are language-free: codes and numbers whatever the language.
ALTER TABLE app_user ADD COLUMN language TEXT;
ALTER TABLE round ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE round ADD COLUMN bilingual INTEGER NOT NULL DEFAULT 0;
