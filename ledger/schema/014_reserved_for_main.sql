-- 014_reserved_for_main: a placeholder so that this branch's 015 follows an unbroken
-- numbering (schema_embed.cmake refuses gaps). Migration 014 belongs to another branch being
-- merged at the same time; on merge this file is deleted and that branch's 014 takes its place.
-- It changes nothing.
SELECT 1;
