"""Binance Spot message shapes: REST objects, stream events, errors.

Prices and quantities are strings with 8 decimals, as Binance Spot sends
them; times are integer ms.
"""

from __future__ import annotations

import json
from decimal import Decimal

from accounts import Account, Fill, Order, split_symbol
from market import Kline


def d8(value: Decimal | str) -> str:
    if isinstance(value, str):
        dot = value.find(".")
        if dot < 0:
            return value + ".00000000"
        frac = len(value) - dot - 1
        return value + "0" * (8 - frac) if frac <= 8 else value[: dot + 9]
    return f"{value:.8f}"


class BinanceError(Exception):
    """An answer with Binance's {"code","msg"} body and an HTTP status."""

    def __init__(self, code: int, msg: str, status: int = 400, headers=None) -> None:
        super().__init__(msg)
        self.code = code
        self.msg = msg
        self.status = status
        self.headers = headers or {}

    def body(self) -> dict:
        return {"code": self.code, "msg": self.msg}


def missing(name: str) -> BinanceError:
    return BinanceError(-1102, f"Mandatory parameter '{name}' was not sent, "
                        "was empty/null, or malformed.")


def kline_event(symbol: str, interval: str, k: Kline, event_time: int) -> str:
    return (
        f'{{"e":"kline","E":{event_time},"s":"{symbol}","k":{{"t":{k.start},'
        f'"T":{k.end - 1},"s":"{symbol}","i":"{interval}","f":{k.start // 1000},'
        f'"L":{k.start // 1000 + k.trades},"o":"{d8(k.open)}","c":"{d8(k.close)}",'
        f'"h":"{d8(k.high)}","l":"{d8(k.low)}","v":"{d8(k.volume)}","n":{k.trades},'
        f'"x":{"true" if k.closed else "false"},"q":"{d8(k.quote_volume)}",'
        f'"V":"0.00000000","Q":"0.00000000","B":"0"}}}}')


def kline_row(k: Kline) -> list:
    return [k.start, d8(k.open), d8(k.high), d8(k.low), d8(k.close),
            d8(k.volume), k.end - 1, d8(k.quote_volume), k.trades,
            "0.00000000", "0.00000000", "0"]


def order_result(o: Order) -> dict:
    return {
        "symbol": o.symbol, "orderId": o.order_id, "orderListId": -1,
        "clientOrderId": o.client_id, "transactTime": o.updated,
        "price": d8(o.price), "origQty": d8(o.qty), "executedQty": d8(o.executed),
        "origQuoteOrderQty": d8(o.quote_qty), "cummulativeQuoteQty": d8(o.cum_quote),
        "status": o.status, "timeInForce": o.tif, "type": o.type, "side": o.side,
        "workingTime": o.created, "selfTradePreventionMode": "EXPIRE_MAKER",
    }


def order_response(o: Order, resp_type: str) -> dict:
    full = order_result(o)
    if resp_type == "ACK":
        return {k: full[k] for k in ("symbol", "orderId", "orderListId",
                                     "clientOrderId", "transactTime")}
    if resp_type == "FULL":
        full["fills"] = [{"price": d8(f.price), "qty": d8(f.qty),
                          "commission": d8(f.fee), "commissionAsset": f.fee_asset,
                          "tradeId": f.trade_id} for f in o.fills]
    return full


def order_query(o: Order) -> dict:
    out = order_result(o)
    del out["transactTime"]
    out.update({"stopPrice": "0.00000000", "icebergQty": "0.00000000",
                "time": o.created, "updateTime": o.updated,
                "isWorking": o.type != "MARKET"})
    return out


def trade_rows(o: Order) -> list[dict]:
    return [{"symbol": o.symbol, "id": f.trade_id, "orderId": o.order_id,
             "orderListId": -1, "price": d8(f.price), "qty": d8(f.qty),
             "quoteQty": d8(f.quote), "commission": d8(f.fee),
             "commissionAsset": f.fee_asset, "time": f.time,
             "isBuyer": o.side == "BUY", "isMaker": f.maker, "isBestMatch": True}
            for f in o.fills]


def execution_report(o: Order, fill: Fill | None, event_time: int) -> dict:
    exec_type = "TRADE" if fill else {"NEW": "NEW", "CANCELED": "CANCELED",
                                      "EXPIRED": "EXPIRED"}.get(o.status, "NEW")
    canceled = o.status == "CANCELED"
    return {
        "e": "executionReport", "E": event_time, "s": o.symbol,
        "c": o.cancel_client_id if canceled else o.client_id,
        "S": o.side, "o": o.type, "f": o.tif, "q": d8(o.qty), "p": d8(o.price),
        "P": "0.00000000", "F": "0.00000000", "g": -1,
        "C": o.client_id if canceled else "", "x": exec_type, "X": o.status,
        "r": "NONE", "i": o.order_id,
        "l": d8(fill.qty) if fill else "0.00000000", "z": d8(o.executed),
        "L": d8(fill.price) if fill else "0.00000000",
        "n": d8(fill.fee) if fill else "0", "N": fill.fee_asset if fill else None,
        "T": o.updated, "t": fill.trade_id if fill else -1, "v": 0, "I": 0,
        "w": o.is_open, "m": fill.maker if fill else False, "M": False,
        "O": o.created, "Z": d8(o.cum_quote),
        "Y": d8(fill.quote) if fill else "0.00000000",
        "Q": d8(o.quote_qty), "W": o.created, "V": "EXPIRE_MAKER",
    }


def account_position(acct: Account, assets: list[str], event_time: int) -> dict:
    return {"e": "outboundAccountPosition", "E": event_time, "u": event_time,
            "B": [{"a": a, "f": d8(acct.balances.get(a, [0, 0])[0]),
                   "l": d8(acct.balances.get(a, [0, 0])[1])} for a in assets]}


def user_events(acct: Account, kind: str, payload, extra, event_time: int) -> list[str]:
    """Translate an Exchange event into Binance user-data events (JSON)."""
    if kind == "order":
        return [json.dumps(execution_report(payload, extra, event_time))]
    if kind == "balance":
        return [json.dumps(account_position(acct, payload, event_time))]
    return []


def symbol_info(symbol: str, rules) -> dict:
    base, quote = split_symbol(symbol)
    return {
        "symbol": symbol, "status": "TRADING", "baseAsset": base,
        "baseAssetPrecision": 8, "quoteAsset": quote, "quotePrecision": 8,
        "quoteAssetPrecision": 8, "baseCommissionPrecision": 8,
        "quoteCommissionPrecision": 8,
        "orderTypes": ["LIMIT", "LIMIT_MAKER", "MARKET"],
        "icebergAllowed": False, "ocoAllowed": False, "otoAllowed": False,
        "quoteOrderQtyMarketAllowed": True, "allowTrailingStop": False,
        "cancelReplaceAllowed": False, "isSpotTradingAllowed": True,
        "isMarginTradingAllowed": False,
        "filters": [
            {"filterType": "PRICE_FILTER", "minPrice": d8(rules.tick),
             "maxPrice": d8(rules.max_price), "tickSize": d8(rules.tick)},
            {"filterType": "LOT_SIZE", "minQty": d8(rules.step),
             "maxQty": d8(rules.max_qty), "stepSize": d8(rules.step)},
            {"filterType": "MARKET_LOT_SIZE", "minQty": d8(rules.step),
             "maxQty": d8(rules.max_qty), "stepSize": d8(rules.step)},
            {"filterType": "NOTIONAL", "minNotional": d8(rules.min_notional),
             "applyMinToMarket": True, "maxNotional": "9000000.00000000",
             "applyMaxToMarket": False, "avgPriceMins": 5},
        ],
        "permissions": [], "permissionSets": [["SPOT"]],
        "defaultSelfTradePreventionMode": "EXPIRE_MAKER",
        "allowedSelfTradePreventionModes": ["NONE", "EXPIRE_TAKER",
                                            "EXPIRE_MAKER", "EXPIRE_BOTH"],
    }


RATE_LIMITS = [
    {"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1, "limit": 6000},
    {"rateLimitType": "ORDERS", "interval": "SECOND", "intervalNum": 10, "limit": 50},
    {"rateLimitType": "ORDERS", "interval": "DAY", "intervalNum": 1, "limit": 160000},
    {"rateLimitType": "RAW_REQUESTS", "interval": "MINUTE", "intervalNum": 5, "limit": 61000},
]
