"""Bybit v5 message shapes: the envelope, orders, executions, positions.

Every number is a string (plain decimals, no exponent); times inside
`result` are ms as strings. Statuses are translated from the engine's
Binance words.
"""

from __future__ import annotations

from decimal import Decimal

from accounts import LEVERAGE, Account, Fill, Order, Position, split_symbol
from market import Kline, plain

STATUS = {"NEW": "New", "PARTIALLY_FILLED": "PartiallyFilled", "FILLED": "Filled",
          "CANCELED": "Cancelled", "EXPIRED": "Cancelled", "REJECTED": "Rejected"}


class BybitError(Exception):
    """A retCode != 0 answer (HTTP 200 unless `status` says otherwise)."""

    def __init__(self, code: int, msg: str, status: int = 200) -> None:
        super().__init__(msg)
        self.code = code
        self.msg = msg
        self.status = status


def envelope(result, server_ms: int, code: int = 0, msg: str = "OK") -> dict:
    return {"retCode": code, "retMsg": msg, "result": result if result is not None else {},
            "retExtInfo": {}, "time": server_ms}


def side(o: Order) -> str:
    return "Buy" if o.side == "BUY" else "Sell"


def kline_row(k: Kline) -> list[str]:
    return [str(k.start), k.open, k.high, k.low, k.close, k.volume, k.quote_volume]


def kline_message(topic: str, interval: str, k: Kline, ts: int) -> str:
    return (
        f'{{"topic":"{topic}","type":"snapshot","ts":{ts},"data":[{{"start":{k.start},'
        f'"end":{k.end - 1},"interval":"{interval}","open":"{k.open}","close":"{k.close}",'
        f'"high":"{k.high}","low":"{k.low}","volume":"{k.volume}",'
        f'"turnover":"{k.quote_volume}","confirm":{"true" if k.closed else "false"},'
        f'"timestamp":{ts}}}]}}')


def order_obj(o: Order, last: Decimal) -> dict:
    avg = plain(o.cum_quote / o.executed) if o.executed else ""
    leaves = o.qty - o.executed if o.is_open else Decimal(0)
    return {
        "orderId": o.uuid, "orderLinkId": o.client_id, "blockTradeId": "",
        "symbol": o.symbol, "price": plain(o.price), "qty": plain(o.quote_qty or o.qty),
        "side": side(o), "isLeverage": "", "positionIdx": 0,
        "orderStatus": STATUS[o.status],
        "cancelType": "CancelByUser" if o.status == "CANCELED" else "UNKNOWN",
        "rejectReason": "EC_NoError", "avgPrice": avg, "leavesQty": plain(leaves),
        "leavesValue": plain(leaves * o.price), "cumExecQty": plain(o.executed),
        "cumExecValue": plain(o.cum_quote),
        "cumExecFee": plain(sum((f.fee for f in o.fills), Decimal(0))),
        "timeInForce": "IOC" if o.type == "MARKET" else o.tif,
        "orderType": "Market" if o.type == "MARKET" else "Limit",
        "stopOrderType": o.stop_kind, "orderIv": "", "triggerPrice": "0",
        "takeProfit": o.take_profit or "0", "stopLoss": o.stop_loss or "0",
        "tpTriggerBy": "", "slTriggerBy": "", "triggerDirection": 0, "triggerBy": "",
        "lastPriceOnCreated": plain(last), "reduceOnly": o.reduce_only,
        "closeOnTrigger": bool(o.stop_kind), "smpType": "None", "smpGroup": 0,
        "smpOrderId": "", "tpslMode": "Full" if o.category == "linear" else "",
        "tpLimitPrice": "", "slLimitPrice": "", "placeType": "",
        "marketUnit": "quoteCoin" if o.quote_qty else "",
        "createdTime": str(o.created), "updatedTime": str(o.updated),
    }


def execution_obj(o: Order, f: Fill) -> dict:
    return {
        "symbol": o.symbol, "orderId": o.uuid, "orderLinkId": o.client_id,
        "side": side(o), "orderPrice": plain(o.price), "orderQty": plain(o.qty),
        "leavesQty": plain(o.qty - o.executed), "createType": "CreateByUser",
        "orderType": "Market" if o.type == "MARKET" else "Limit",
        "stopOrderType": o.stop_kind, "execFee": plain(f.fee), "feeCurrency": f.fee_asset,
        "execId": f.exec_id, "execPrice": plain(f.price), "execQty": plain(f.qty),
        "execType": "Trade", "execValue": plain(f.quote),
        "feeRate": "0.00055" if o.category == "linear" and not f.maker else
        ("0.0002" if o.category == "linear" else "0.001"),
        "execTime": str(f.time), "isMaker": f.maker, "markPrice": plain(f.price),
        "indexPrice": "", "underlyingPrice": "", "blockTradeId": "", "closedSize": "0",
        "seq": f.trade_id,
    }


def position_obj(p: Position, last: Decimal) -> dict:
    size = abs(p.size)
    upl = (last - p.avg) * p.size if p.size else Decimal(0)
    return {
        "positionIdx": 0, "tradeMode": 0, "riskId": 1, "riskLimitValue": "2000000",
        "symbol": p.symbol, "side": "" if not p.size else ("Buy" if p.size > 0 else "Sell"),
        "size": plain(size), "avgPrice": plain(p.avg), "positionValue": plain(size * p.avg),
        "autoAddMargin": 0, "positionStatus": "Normal", "leverage": plain(LEVERAGE),
        "markPrice": plain(last), "liqPrice": "", "bustPrice": "",
        "positionIM": plain(size * p.avg / LEVERAGE), "positionMM": "0",
        "tpslMode": "Full", "takeProfit": p.take_profit or "0",
        "stopLoss": p.stop_loss or "0", "trailingStop": "0",
        "tpTriggerBy": p.tp_trigger, "slTriggerBy": p.sl_trigger,
        "unrealisedPnl": plain(upl), "curRealisedPnl": plain(p.realised),
        "cumRealisedPnl": plain(p.cum_realised), "adlRankIndicator": 2 if p.size else 0,
        "isReduceOnly": False, "createdTime": str(p.created or 0),
        "updatedTime": str(p.updated or 0), "seq": p.seq,
    }


def wallet_obj(acct: Account, coins: list[str] | None) -> dict:
    rows, total = [], Decimal(0)
    for coin, (free, locked) in sorted(acct.balances.items()):
        balance = free + locked
        if coins is None and balance == 0:
            continue
        if coins is not None and coin not in coins:
            continue
        total += balance if coin in ("USDT", "USDC") else Decimal(0)
        rows.append({"coin": coin, "walletBalance": plain(balance), "locked": plain(locked),
                     "equity": plain(balance), "usdValue": plain(balance)
                     if coin in ("USDT", "USDC") else "0",
                     "free": "", "availableToWithdraw": "", "unrealisedPnl": "0",
                     "cumRealisedPnl": "0", "borrowAmount": "0", "spotBorrow": "0",
                     "totalOrderIM": "0", "totalPositionIM": "0", "totalPositionMM": "0",
                     "accruedInterest": "0", "bonus": "0", "collateralSwitch": True,
                     "marginCollateral": True})
    return {"accountType": "UNIFIED", "totalEquity": plain(total),
            "totalWalletBalance": plain(total), "totalMarginBalance": plain(total),
            "totalAvailableBalance": plain(total), "totalPerpUPL": "0",
            "totalInitialMargin": "0", "totalMaintenanceMargin": "0",
            "accountIMRate": "0", "accountMMRate": "0", "accountLTV": "0", "coin": rows}


def spot_instrument(symbol: str, r) -> dict:
    base, quote = split_symbol(symbol)
    return {"symbol": symbol, "baseCoin": base, "quoteCoin": quote, "innovation": "0",
            "status": "Trading", "marginTrading": "none", "stTag": "0",
            "lotSizeFilter": {"basePrecision": plain(r.step), "quotePrecision": "0.00000001",
                              "minOrderQty": plain(r.step), "maxOrderQty": plain(r.max_qty),
                              "minOrderAmt": plain(r.min_notional), "maxOrderAmt": "9000000",
                              "maxLimitOrderQty": plain(r.max_qty),
                              "maxMarketOrderQty": plain(r.max_qty),
                              "postOnlyMaxLimitOrderSize": plain(r.max_qty)},
            "priceFilter": {"tickSize": plain(r.tick)},
            "riskParameters": {"priceLimitRatioX": "0.05", "priceLimitRatioY": "0.05"}}


def linear_instrument(symbol: str, r) -> dict:
    base, quote = split_symbol(symbol)
    return {"symbol": symbol, "contractType": "LinearPerpetual", "status": "Trading",
            "baseCoin": base, "quoteCoin": quote, "settleCoin": quote,
            "launchTime": "1585526400000", "deliveryTime": "0", "deliveryFeeRate": "",
            "priceScale": str(max(0, -r.tick.as_tuple().exponent)),
            "leverageFilter": {"minLeverage": "1", "maxLeverage": "100.00",
                               "leverageStep": "0.01"},
            "priceFilter": {"minPrice": plain(r.tick), "maxPrice": plain(r.max_price),
                            "tickSize": plain(r.tick)},
            "lotSizeFilter": {"maxOrderQty": plain(r.max_qty), "minOrderQty": plain(r.step),
                              "qtyStep": plain(r.step),
                              "postOnlyMaxOrderQty": plain(r.max_qty),
                              "maxMktOrderQty": plain(r.max_qty),
                              "minNotionalValue": plain(r.min_notional)},
            "unifiedMarginTrade": True, "fundingInterval": 480,
            "copyTrading": "both", "upperFundingRate": "0.00375",
            "lowerFundingRate": "-0.00375", "isPreListing": False}
