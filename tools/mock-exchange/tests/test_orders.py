"""Orders, client ids, fills against the replayed prices, balances."""

from decimal import Decimal


def balance(mock, asset: str) -> tuple[Decimal, Decimal]:
    acct = mock.binance("GET", "/api/v3/account", {}).json
    row = next((b for b in acct["balances"] if b["asset"] == asset),
               {"free": "0", "locked": "0"})
    return Decimal(row["free"]), Decimal(row["locked"])


def last_price(mock, symbol="BTCUSDT") -> Decimal:
    return Decimal(mock.get("/api/v3/ticker/price", {"symbol": symbol}).json["price"])


def mock_orders(mock, venue):
    return [o for o in mock.get("/_mock/orders").json if o["venue"] == venue]


def test_binance_market_order_fills_at_the_replayed_price(mock):
    price = last_price(mock)
    r = mock.binance("POST", "/api/v3/order", {"symbol": "BTCUSDT", "side": "BUY",
                                               "type": "MARKET", "quantity": "0.01",
                                               "newClientOrderId": "bot-1"}, in_body=True)
    assert r.status == 200, r
    o = r.json
    assert (o["status"], o["clientOrderId"], o["executedQty"]) == ("FILLED", "bot-1",
                                                                   "0.01000000")
    assert Decimal(o["fills"][0]["price"]) == price
    assert Decimal(o["cummulativeQuoteQty"]) == price * Decimal("0.01")
    usdt, _ = balance(mock, "USDT")
    btc, _ = balance(mock, "BTC")
    assert usdt == Decimal(10000) - price * Decimal("0.01")
    assert btc == Decimal("0.01") * Decimal("0.999")  # commission in the bought asset
    q = mock.binance("GET", "/api/v3/order", {"symbol": "BTCUSDT",
                                              "origClientOrderId": "bot-1"}).json
    assert q["orderId"] == o["orderId"] and q["status"] == "FILLED"
    # A filled id may be reused, as on Binance.
    again = mock.binance("POST", "/api/v3/order", {"symbol": "BTCUSDT", "side": "SELL",
                                                   "type": "MARKET", "quantity": "0.005",
                                                   "newClientOrderId": "bot-1"})
    assert again.status == 200, again
    trades = mock.binance("GET", "/api/v3/myTrades", {"symbol": "BTCUSDT"}).json
    assert len(trades) == 2 and trades[0]["isBuyer"] is True


def test_binance_quote_order_qty(mock):
    r = mock.binance("POST", "/api/v3/order", {"symbol": "BTCUSDT", "side": "BUY",
                                               "type": "MARKET", "quoteOrderQty": "100"})
    assert r.status == 200, r
    assert Decimal(r.json["cummulativeQuoteQty"]) <= 100
    assert Decimal(r.json["executedQty"]) % Decimal("0.00001") == 0


def test_binance_limit_order_rests_fills_on_advance(mock):
    price = last_price(mock)
    limit = (price * Decimal("0.999")).quantize(Decimal("0.01"))
    r = mock.binance("POST", "/api/v3/order", {
        "symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "timeInForce": "GTC",
        "quantity": "0.01", "price": str(limit), "newClientOrderId": "rest-1"})
    assert r.status == 200 and r.json["status"] == "NEW", r
    free, locked = balance(mock, "USDT")
    assert locked == limit * Decimal("0.01") and free == 10000 - locked
    dup = mock.binance("POST", "/api/v3/order", {
        "symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "timeInForce": "GTC",
        "quantity": "0.01", "price": str(limit), "newClientOrderId": "rest-1"})
    assert (dup.status, dup.json["code"], dup.json["msg"]) == (400, -2010,
                                                               "Duplicate order sent.")
    opened = mock.binance("GET", "/api/v3/openOrders", {"symbol": "BTCUSDT"}).json
    assert [o["clientOrderId"] for o in opened] == ["rest-1"]
    for _ in range(2000):
        mock.advance(bars=10)
        if not mock.binance("GET", "/api/v3/openOrders", {"symbol": "BTCUSDT"}).json:
            break
    q = mock.binance("GET", "/api/v3/order", {"symbol": "BTCUSDT",
                                              "origClientOrderId": "rest-1"}).json
    assert q["status"] == "FILLED" and Decimal(q["price"]) == limit
    assert balance(mock, "USDT")[1] == 0
    assert len(mock_orders(mock, "binance")) == 1


def test_binance_cancel_and_errors(mock):
    price = last_price(mock)
    low = (price / 2).quantize(Decimal("0.01"))
    placed = mock.binance("POST", "/api/v3/order", {
        "symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "timeInForce": "GTC",
        "quantity": "0.001", "price": str(low), "newClientOrderId": "c-1"}).json
    gone = mock.binance("DELETE", "/api/v3/order", {"symbol": "BTCUSDT",
                                                    "origClientOrderId": "c-1"})
    assert gone.status == 200 and gone.json["status"] == "CANCELED", gone
    assert gone.json["origClientOrderId"] == "c-1"
    again = mock.binance("DELETE", "/api/v3/order", {"symbol": "BTCUSDT",
                                                     "orderId": placed["orderId"]})
    assert again.json["code"] == -2011
    none = mock.binance("GET", "/api/v3/order", {"symbol": "BTCUSDT",
                                                 "origClientOrderId": "never"})
    assert (none.status, none.json["code"]) == (400, -2013)
    assert balance(mock, "USDT") == (Decimal(10000), Decimal(0))
    checks = [({"quantity": "0.000000001"}, -1111), ({"quantity": "0.0000101"}, -1013),
              ({"quantity": "0.00001"}, -1013), ({"price": "1000.001"}, -1013),
              ({"quantity": "1"}, -2010), ({"symbol": "NOPE"}, -1121),
              ({"newClientOrderId": "bad id!"}, -1100), ({"timeInForce": None}, -1102)]
    for change, code in checks:
        params = {"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "timeInForce": "GTC",
                  "quantity": "0.001", "price": str(price - 1)}
        params.update(change)
        params = {k: v for k, v in params.items() if v is not None}
        r = mock.binance("POST", "/api/v3/order", params)
        assert r.json.get("code") == code, (change, r)
    maker = mock.binance("POST", "/api/v3/order", {
        "symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT_MAKER", "quantity": "0.001",
        "price": str(price + 100)})
    assert maker.json["msg"] == "Order would immediately match and take."
    test = mock.binance("POST", "/api/v3/order/test", {
        "symbol": "BTCUSDT", "side": "BUY", "type": "MARKET", "quantity": "0.001"})
    assert test.json == {} and not mock_orders(mock, "binance")[1:]


def bybit_order(mock, **body):
    return mock.bybit("POST", "/v5/order/create", body).json


def test_bybit_spot_orders(mock):
    r = bybit_order(mock, category="spot", symbol="BTCUSDT", side="Buy", orderType="Market",
                    qty="100", orderLinkId="s-1")
    assert r["retCode"] == 0, r
    dup = bybit_order(mock, category="spot", symbol="BTCUSDT", side="Buy",
                      orderType="Market", qty="100", orderLinkId="s-1")
    assert dup["retCode"] == 170141
    got = mock.bybit("GET", "/v5/order/realtime", {"category": "spot",
                                                    "orderLinkId": "s-1"}).json
    (o,) = got["result"]["list"]
    assert o["orderStatus"] == "Filled" and o["orderId"] == r["result"]["orderId"]
    wallet = mock.bybit("GET", "/v5/account/wallet-balance",
                        {"accountType": "UNIFIED", "coin": "USDT,BTC"}).json
    coins = {c["coin"]: c for c in wallet["result"]["list"][0]["coin"]}
    assert Decimal(coins["BTC"]["walletBalance"]) > 0
    assert Decimal(coins["USDT"]["walletBalance"]) > Decimal(9900)
    price = Decimal(mock.get("/v5/market/tickers", {"category": "spot", "symbol": "BTCUSDT"}
                             ).json["result"]["list"][0]["lastPrice"])
    low = (price / 2).quantize(Decimal("0.01"))
    rest = bybit_order(mock, category="spot", symbol="BTCUSDT", side="Buy", orderType="Limit",
                       qty="0.001", price=str(low), orderLinkId="s-2")
    assert rest["retCode"] == 0, rest
    opened = mock.bybit("GET", "/v5/order/realtime", {"category": "spot"}).json
    assert [x["orderLinkId"] for x in opened["result"]["list"]] == ["s-2"]
    c = mock.bybit("POST", "/v5/order/cancel", {"category": "spot", "symbol": "BTCUSDT",
                                                "orderLinkId": "s-2"}).json
    assert c["retCode"] == 0
    c = mock.bybit("POST", "/v5/order/cancel", {"category": "spot", "symbol": "BTCUSDT",
                                                "orderLinkId": "s-2"}).json
    assert c["retCode"] == 170213
    hist = mock.bybit("GET", "/v5/order/history", {"category": "spot"}).json
    assert [x["orderStatus"] for x in hist["result"]["list"]] == ["Cancelled", "Filled"]
    tiny = bybit_order(mock, category="spot", symbol="BTCUSDT", side="Buy", orderType="Limit",
                       qty="0.00001", price=str(low))
    assert tiny["retCode"] == 170140
    broke = bybit_order(mock, category="spot", symbol="BTCUSDT", side="Sell",
                        orderType="Market", qty="5")
    assert broke["retCode"] == 170131


def position(mock, symbol="BTCUSDT"):
    r = mock.bybit("GET", "/v5/position/list", {"category": "linear", "symbol": symbol}).json
    return r["result"]["list"][0]


def test_bybit_linear_position_and_trading_stop(mock):
    flat = position(mock)
    assert (flat["size"], flat["side"]) == ("0", "")
    zero = mock.bybit("POST", "/v5/position/trading-stop", {
        "category": "linear", "symbol": "BTCUSDT", "tpslMode": "Full", "positionIdx": 0,
        "takeProfit": "1000000"}).json
    assert zero["retCode"] == 10001
    r = bybit_order(mock, category="linear", symbol="BTCUSDT", side="Buy",
                    orderType="Market", qty="0.01", orderLinkId="p-1")
    assert r["retCode"] == 0, r
    assert bybit_order(mock, category="linear", symbol="BTCUSDT", side="Buy",
                       orderType="Market", qty="0.01", orderLinkId="p-1")["retCode"] == 110072
    pos = position(mock)
    assert (pos["side"], pos["size"]) == ("Buy", "0.01")
    avg = Decimal(pos["avgPrice"])
    tp, sl = (avg * Decimal("1.002")).quantize(Decimal("0.01")), \
        (avg * Decimal("0.998")).quantize(Decimal("0.01"))
    body = {"category": "linear", "symbol": "BTCUSDT", "tpslMode": "Full", "positionIdx": 0,
            "takeProfit": str(tp), "stopLoss": str(sl)}
    assert mock.bybit("POST", "/v5/position/trading-stop", body).json["retCode"] == 0
    assert mock.bybit("POST", "/v5/position/trading-stop", body).json["retCode"] == 34040
    wrong = dict(body, takeProfit=str(avg / 2))
    assert mock.bybit("POST", "/v5/position/trading-stop", wrong).json["retCode"] == 10001
    pos = position(mock)
    assert (pos["takeProfit"], pos["stopLoss"]) == (str(tp), str(sl))
    for _ in range(2000):
        mock.advance(bars=5)
        if position(mock)["size"] == "0":
            break
    orders = [o for o in mock_orders(mock, "bybit") if o["category"] == "linear"]
    assert len(orders) == 2 and orders[1]["status"] == "FILLED"
    execs = mock.bybit("GET", "/v5/execution/list", {"category": "linear"}).json
    closing = execs["result"]["list"][0]
    assert closing["stopOrderType"] in ("TakeProfit", "StopLoss")
    assert Decimal(closing["execPrice"]) in (tp, sl)
    too_small = bybit_order(mock, category="linear", symbol="BTCUSDT", side="Buy",
                            orderType="Market", qty="0.00001")
    assert too_small["retCode"] == 110094
    reduce = bybit_order(mock, category="linear", symbol="BTCUSDT", side="Sell",
                         orderType="Market", qty="0.01", reduceOnly=True)
    assert reduce["retCode"] == 110017


def test_bybit_tp_sl_sent_with_the_order(mock):
    price = Decimal(mock.get("/v5/market/tickers", {"category": "linear", "symbol": "BTCUSDT"}
                             ).json["result"]["list"][0]["lastPrice"])
    tp, sl = str((price * 2).quantize(Decimal("0.1"))), str((price / 2).quantize(Decimal("0.1")))
    r = bybit_order(mock, category="linear", symbol="BTCUSDT", side="Buy", orderType="Market",
                    qty="0.01", takeProfit=tp, stopLoss=sl)
    assert r["retCode"] == 0, r
    pos = position(mock)
    assert (pos["takeProfit"], pos["stopLoss"]) == (tp, sl)
    sold = bybit_order(mock, category="linear", symbol="BTCUSDT", side="Sell",
                       orderType="Market", qty="0.01", reduceOnly=True)
    assert sold["retCode"] == 0 and position(mock)["size"] == "0"
    assert position(mock)["takeProfit"] == "0"
