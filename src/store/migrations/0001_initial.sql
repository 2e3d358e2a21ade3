-- The first schema. One file per version, applied in order when a store
-- opens, all in one transaction with their rows in schema_version; a
-- migration is never edited once released, only followed by a new one.
--
-- Portable SQL for SQLite and PostgreSQL. The only word that differs is
-- the generated key, written @ID@ here and replaced by each backend.
-- Exact amounts (prices, quantities, cash) are TEXT: the plain decimal
-- text, since SQLite would turn NUMERIC into a double. Times are BIGINT
-- nanoseconds since the Unix epoch, UTC (columns ending in _ns).

CREATE TABLE bots (
    id BIGINT PRIMARY KEY,
    name TEXT NOT NULL,
    venue TEXT NOT NULL,
    symbol TEXT NOT NULL,
    strategy TEXT NOT NULL,
    parameters TEXT NOT NULL,
    amount TEXT NOT NULL,
    status TEXT NOT NULL,
    created_ns BIGINT NOT NULL
);

-- An order row exists before its request is sent (the client order id is
-- bot_id and sequence), so a restart can look it up on the venue.
CREATE TABLE orders (
    bot_id BIGINT NOT NULL,
    sequence BIGINT NOT NULL,
    venue TEXT NOT NULL,
    symbol TEXT NOT NULL,
    side TEXT NOT NULL,
    intent TEXT NOT NULL,
    quantity TEXT NOT NULL,
    quote_amount TEXT NOT NULL,
    price TEXT NOT NULL,
    state TEXT NOT NULL,
    venue_order_id TEXT NOT NULL,
    filled TEXT NOT NULL,
    error TEXT NOT NULL,
    created_ns BIGINT NOT NULL,
    updated_ns BIGINT NOT NULL,
    PRIMARY KEY (bot_id, sequence)
);

CREATE INDEX orders_by_state ON orders (bot_id, state);

-- One row per venue execution: the key makes a replayed fill a no-op.
CREATE TABLE fills (
    venue TEXT NOT NULL,
    fill_id TEXT NOT NULL,
    bot_id BIGINT NOT NULL,
    sequence BIGINT NOT NULL,
    symbol TEXT NOT NULL,
    side TEXT NOT NULL,
    price TEXT NOT NULL,
    quantity TEXT NOT NULL,
    fee TEXT NOT NULL,
    fee_asset TEXT NOT NULL,
    time_ns BIGINT NOT NULL,
    PRIMARY KEY (venue, fill_id),
    FOREIGN KEY (bot_id, sequence) REFERENCES orders (bot_id, sequence)
);

CREATE INDEX fills_by_order ON fills (bot_id, sequence);

-- One open position per bot and symbol (DESIGN.md "Positions and sizing").
CREATE TABLE positions (
    bot_id BIGINT NOT NULL,
    symbol TEXT NOT NULL,
    side TEXT NOT NULL,
    quantity TEXT NOT NULL,
    entry_price TEXT NOT NULL,
    entry_cost TEXT NOT NULL,
    stop TEXT NOT NULL,
    take_profit TEXT NOT NULL,
    entry_sequence BIGINT NOT NULL,
    opened_ns BIGINT NOT NULL,
    PRIMARY KEY (bot_id, symbol)
);

-- A trade is keyed by the order that closed it: it is counted once.
CREATE TABLE trades (
    id @ID@,
    bot_id BIGINT NOT NULL,
    entry_sequence BIGINT NOT NULL,
    exit_sequence BIGINT NOT NULL,
    symbol TEXT NOT NULL,
    side TEXT NOT NULL,
    entry_time_ns BIGINT NOT NULL,
    entry_price TEXT NOT NULL,
    exit_time_ns BIGINT NOT NULL,
    exit_price TEXT NOT NULL,
    quantity TEXT NOT NULL,
    entry_cost TEXT NOT NULL,
    pnl TEXT NOT NULL,
    exit_reason TEXT NOT NULL,
    UNIQUE (bot_id, exit_sequence)
);

CREATE TABLE candles (
    venue TEXT NOT NULL,
    symbol TEXT NOT NULL,
    timeframe TEXT NOT NULL,
    open_time_ns BIGINT NOT NULL,
    open DOUBLE PRECISION NOT NULL,
    high DOUBLE PRECISION NOT NULL,
    low DOUBLE PRECISION NOT NULL,
    close DOUBLE PRECISION NOT NULL,
    volume DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (venue, symbol, timeframe, open_time_ns)
);

-- Unset levels are NULL.
CREATE TABLE signals (
    id @ID@,
    bot_id BIGINT NOT NULL,
    symbol TEXT NOT NULL,
    time_ns BIGINT NOT NULL,
    direction TEXT NOT NULL,
    reason TEXT NOT NULL,
    entry DOUBLE PRECISION,
    stop DOUBLE PRECISION,
    take_profit_1 DOUBLE PRECISION,
    take_profit_2 DOUBLE PRECISION,
    take_profit_3 DOUBLE PRECISION,
    confidence DOUBLE PRECISION,
    quality TEXT NOT NULL,
    executed BIGINT NOT NULL
);

CREATE INDEX signals_by_bot ON signals (bot_id, time_ns);

-- NULL value: the feature was missing (NaN).
CREATE TABLE signal_features (
    signal_id BIGINT NOT NULL REFERENCES signals (id),
    ordinal BIGINT NOT NULL,
    name TEXT NOT NULL,
    value DOUBLE PRECISION,
    PRIMARY KEY (signal_id, ordinal)
);

-- Bot zero is the whole account.
CREATE TABLE equity_snapshots (
    bot_id BIGINT NOT NULL,
    time_ns BIGINT NOT NULL,
    cash TEXT NOT NULL,
    equity TEXT NOT NULL,
    PRIMARY KEY (bot_id, time_ns)
);

CREATE TABLE events (
    id @ID@,
    time_ns BIGINT NOT NULL,
    bot_id BIGINT NOT NULL,
    level TEXT NOT NULL,
    kind TEXT NOT NULL,
    message TEXT NOT NULL
);
