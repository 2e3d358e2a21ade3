-- How far each bot has read its market: the open time of the last bar it
-- acted on. A restarted daemon feeds the bars up to it to the strategy only
-- (to rebuild its indicators) and acts from the bar after it, so no bar is
-- acted on twice.
CREATE TABLE bot_progress (
    bot_id BIGINT PRIMARY KEY,
    last_bar_ns BIGINT NOT NULL
);
