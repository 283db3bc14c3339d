"""A show script with three products, selling cues and a stock of five on one (issue 16 point 8)."""

COMMERCE_SCRIPT = """\
version: 1
show:
  title: 商品测试专场
  anchor: 小雅
  scenes:
    wide: 机位A 全景
    product: 机位C 产品台
products:
  - sku: A-1
    name: 修护精华液
    price: 299
    live_price: 249
    stock: 100
    category: 护肤
    platform_ids: ["3720001"]
    low_stock: 20
    must_mention: [保质期]
    selling_points: [温和不刺激, 秋冬保湿]
  - sku: B-2
    name: 坚果礼盒
    price: 99
    live_price: 79
    stock: 5
    category: 食品
    low_stock: 2
  - sku: C-3
    name: 保湿面霜
    price: 199
    live_price: 159
    stock: 50
    category: 护肤
modules:
  - id: opening
    type: opening
    title: 开场
    duration: 2m
    scene: wide
    talking_points: |
      欢迎来到直播间。
    end: advance
  - id: serum
    type: explanation
    title: 精华液讲解
    duration: 5m
    scene: product
    products: [A-1]
    talking_points: |
      这款精华液保质期三年，温和不刺激。
    cues:
      - {at: 10s, do: explain, sku: A-1, every: 8s, until: 2m}
      - {at: 3m, do: link_up, sku: A-1}
    end: advance
  - id: snacks
    type: conversion
    title: 坚果秒杀
    duration: 5m
    scene: product
    products: [B-2, C-3]
    talking_points: |
      坚果礼盒今天秒杀。
    cues:
      - {at: 0s, do: explain, sku: B-2}
      - {at: 1m, do: flash_sale, sku: B-2, stock: 5, until: 3m}
      - {at: 4m, do: explain, sku: C-3}
    end: advance
"""
