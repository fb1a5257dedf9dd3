WITH wanted AS (SELECT DISTINCT w.id FROM unnest($1::bigint[]) AS w(id)),
found AS (SELECT c.id FROM categories c WHERE c.id IN (SELECT id FROM wanted) ORDER BY c.id FOR SHARE),
missing AS (SELECT w.id FROM wanted w WHERE w.id NOT IN (SELECT id FROM found)),
checked AS (SELECT ARRAY(SELECT id FROM missing ORDER BY id) AS missing_ids)
SELECT a.author_id, k.missing_ids, a.version,
       (NOT $2 OR a.version = ANY ($3::bigint[])) AS matched
FROM checked k CROSS JOIN articles a
WHERE a.id = $4
FOR UPDATE OF a
