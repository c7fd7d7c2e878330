-- 025: a placeholder in branch h-retention only, so that 027 applies here; the single sign-on branch's
-- file of this name replaces it at the merge (take theirs).
SELECT 1;
