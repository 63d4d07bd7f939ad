-- 016_capture_times: when each capture's frames were taken (the first and last frame time,
-- unix us), so that `daicho changes --since-capture` can compare the newest capture with the
-- state the captures before it left, and a report can name its observation period. NULL:
-- ingested before this migration (the time is unknown) or a capture with no device frames.
ALTER TABLE captures ADD COLUMN first_frame_us INTEGER;
ALTER TABLE captures ADD COLUMN last_frame_us INTEGER;
