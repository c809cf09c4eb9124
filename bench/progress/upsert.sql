-- The original write-through design: one single-row upsert per progress update (same statement shape and
-- ordering rule as the worker's batch upsert, one row per call).
INSERT INTO watch_progress (id, user_id, movie_id, position_seconds, last_watched_at)
VALUES (gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 42, now())
ON CONFLICT (user_id, movie_id) DO UPDATE
SET position_seconds = EXCLUDED.position_seconds, last_watched_at = EXCLUDED.last_watched_at
WHERE watch_progress.last_watched_at <= EXCLUDED.last_watched_at;
