"""Exports as the marketing tools write them, for the tests: one per layout.

Each layout is the text the tool exports (title rows, header verbatim, totals rows with
their wording, values as the tool writes them), the tab it is pasted into, the totals it
holds (its own totals rows say the same where it has them) and the Excel rows that are not
data.  Sources and what is unconfirmed: the comment above each layout.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tests.pasting import Rows, csv_rows


@dataclass(frozen=True)
class Layout:
    name: str
    sheet: str  # the tab it is pasted into
    text: str
    locale: str  # the Excel it is pasted into: "en" or "ru"
    totals: dict[str, float]  # canonical column -> sum over the tab's rows
    excluded: tuple[int, ...] = ()  # Excel rows that are totals, not data
    delimiter: str = ","
    settings: tuple[tuple[str, str], ...] = ()
    extra: dict[str, object] = field(default_factory=dict)  # other facts the test checks

    @property
    def rows(self) -> Rows:
        return csv_rows(self.text, self.delimiter)


# Google Ads, Campaign report from the UI. Confirmed from five raw exports: title row,
# quoted date range, header (this column set is one seen verbatim), " --" for n/a, counts
# with thousands commas and cost without, and the totals block: Total: Campaigns (" --"),
# Total: Account, then one Total: <campaign type> per type.
GOOGLE_ADS_CAMPAIGNS = Layout(
    "Google Ads campaign report",
    "Spend - Google Ads",
    """\
Campaign report
"July 8, 2025 - July 31, 2025"
Campaign status,Campaign,Budget,Budget name,Budget type,Status,Status reasons,Campaign type,Impr.,CTR,Currency code,Cost,Clicks,Conv. rate,Conversions,Avg. CPC,Cost / conv.
Enabled,Brand search,50.00, --,Daily,Eligible, --,Search,"14,117",6.12%,USD,1204.55,864,4.51%,39.00,1.39,30.89
Enabled,Generic search,120.00, --,Daily,Eligible, --,Search,"25,881",3.10%,USD,2853.10,802,2.49%,20.00,3.56,142.66
Paused,Display remarketing,30.00, --,Daily,Paused,campaign paused; unknown,Display,"131,200",0.21%,USD,412.35,276,0.72%,2.00,1.49,206.18
Removed,Old video,0.00, --,Daily,Removed, --,Video,0,0.00%,USD,0.00,0,0.00%,0.00,0,0.00
Total: Campaigns, --, --, --, --, --, --, --,"171,198",1.14%, --,4470.00,"1,942",3.15%,61.00,2.30,73.28
Total: Account,,,,,,,,"171,198",1.14%,USD,4470.00,"1,942",3.15%,61.00,2.30,73.28
Total: Search,,,,,,,Search,"39,998",4.17%,USD,4057.65,"1,666",3.54%,59.00,2.44,68.77
Total: Display,,,,,,,Display,"131,200",0.21%,USD,412.35,276,0.72%,2.00,1.49,206.18
Total: Video,,,,,,,Video,0,0.00%,USD,0.00,0,0.00%,0.00,0,0.00
""",  # noqa: E501
    "en",
    {"spend": 4470.00, "clicks": 1942, "impressions": 171_198},
    (8, 9, 10, 11, 12),
    extra={"channel": "Google Ads", "date": dt.date(2025, 7, 8), "header_row": 3},
)

# Google Ads, Campaign report segmented by Day. Partly unconfirmed (no raw file): the title
# and range rows and totals as above, a Day column with ISO dates (3rd-party fixtures).
GOOGLE_ADS_DAILY = Layout(
    "Google Ads daily report",
    "Spend - Google Ads",
    """\
Campaign report
"March 1, 2025 - March 3, 2025"
Day,Campaign,Campaign ID,Currency code,Cost,Impr.,Clicks,Conversions
2025-03-01,Brand search,20123456789,USD,40.10,"1,050",61,3.00
2025-03-01,Generic search,20123456790,USD,95.25,"2,310",70,1.00
2025-03-02,Brand search,20123456789,USD,38.90,990,58,2.00
2025-03-02,Generic search,20123456790,USD,101.75,"2,480",77,2.00
2025-03-03,Brand search,20123456789,USD,42.00,"1,120",66,4.00
2025-03-03,Generic search,20123456790,USD,99.00,"2,250",72,1.00
Total: Account,,,USD,417.00,"10,200",404,13.00
Total: Campaigns,,, --,417.00,"10,200",404,13.00
""",
    "en",
    {"spend": 417.00, "clicks": 404, "impressions": 10_200},
    (10, 11),
    extra={"by_date": {dt.date(2025, 3, 1): 135.35, dt.date(2025, 3, 3): 141.00}},
)

# Meta Ads Manager, campaigns over a range. The header is verbatim from a raw export (no
# rows above it, currency in the spend header); the summary row right under the header
# (dates filled, no campaign name, blank "mixed" result, summed metrics) is from 3rd-party
# fixtures. Reach is not additive and is not read.
META_CAMPAIGNS = Layout(
    "Meta campaigns",
    "Spend Meta",
    """\
"Reporting starts","Reporting ends","Campaign name","Campaign delivery","Ad set budget","Ad set budget type","Attribution setting",Results,"Result indicator",Reach,Impressions,"Cost per results","Amount spent (USD)",Ends
2025-03-01,2025-03-31,,,,,,,,41250,98760,,1234.56,
2025-03-01,2025-03-31,"Spring sale – traffic",active,"Using ad set budget","Using ad set budget","7-day click or 1-day view",1520,actions:link_click,30100,70210,0.52,790.40,Ongoing
2025-03-01,2025-03-31,"Lead form",inactive,50,Daily,"7-day click or 1-day view",38,actions:onsite_conversion.lead_grouped,12800,28550,11.69,444.16,2025-03-20
""",  # noqa: E501
    "en",
    {"spend": 1234.56 * 92.5, "impressions": 98_760},
    (2,),
    settings=(("currency", "RUB"), ("rate USD", "92.5")),
    extra={"channel": "Meta"},
)

# Meta Ads Manager broken down by day. Unconfirmed (no raw file): one row per campaign and
# day with Reporting starts = ends = the day, the summary row first.
META_DAILY = Layout(
    "Meta daily breakdown",
    "Spend - Meta",
    """\
"Reporting starts","Reporting ends","Campaign name","Campaign delivery",Results,"Result indicator",Impressions,"Link clicks","Amount spent (USD)"
2025-03-01,2025-03-02,,,,,"12,400",310,201.30
2025-03-01,2025-03-01,"Spring sale",active,150,actions:link_click,"4,100",95,60.10
2025-03-01,2025-03-01,"Lead form",active,6,actions:onsite_conversion.lead_grouped,"2,050",40,40.20
2025-03-02,2025-03-02,"Spring sale",active,160,actions:link_click,"4,300",120,65.00
2025-03-02,2025-03-02,"Lead form",active,5,actions:onsite_conversion.lead_grouped,"1,950",55,36.00
""",  # noqa: E501
    "en",
    {"spend": 201.30, "clicks": 310, "impressions": 12_400},
    (2,),
    extra={"by_date": {dt.date(2025, 3, 1): 100.30, dt.date(2025, 3, 2): 101.00}},
)

# Yandex Direct, report wizard ("Мастер отчётов"). Unconfirmed (no raw file): a title, a
# period, Russian headers with the currency in brackets, Russian numbers, an Итого row.
YANDEX_WIZARD = Layout(
    "Yandex Direct report wizard",
    "Расходы Яндекс Директ",
    """\
Отчёт по кампаниям
Период: 01.03.2025 — 31.03.2025
Дата;Кампания;Показы;Клики;CTR (%);Расход (руб.);Ср. цена клика (руб.)
01.03.2025;Поиск бренд;1 200;84;7,00;1 512,00;18,00
01.03.2025;РСЯ ретаргетинг;15 300;61;0,40;915,00;15,00
02.03.2025;Поиск бренд;1 150;80;6,96;1 440,00;18,00
02.03.2025;РСЯ ретаргетинг;14 900;59;0,40;885,00;15,00
Итого;;32 550;284;0,87;4 752,00;16,73
""",
    "ru",
    {"spend": 4752.00, "clicks": 284, "impressions": 32_550},
    (8,),
    delimiter=";",
    settings=(("currency", "RUB"),),
    extra={"channel": "Яндекс Директ"},
)

# Yandex Direct Reports API, TSV (vendor documentation): row 1 the report name with its
# dates, row 2 the API field names, the last row the number of rows; money in units with
# returnMoneyInMicros: false; "--" for no value (commonly seen, unconfirmed).
YANDEX_API = Layout(
    "Yandex Direct API TSV",
    "Spend Yandex Direct",
    """\
"Campaign performance (2025-03-01 - 2025-03-02)"
Date\tCampaignName\tImpressions\tClicks\tCost
2025-03-01\tSearch brand\t1200\t84\t1512.00
2025-03-01\tYAN retargeting\t15300\t61\t915.00
2025-03-02\tSearch brand\t1150\t80\t1440.00
2025-03-02\tYAN retargeting\t14900\t--\t885.00
Total rows: 4
""",
    "en",
    {"spend": 4752.00, "clicks": 225, "impressions": 32_550},
    (7,),
    delimiter="\t",
    extra={"channel": "Yandex Direct"},
)

# VK Ads statistics. Unconfirmed (only API metric names are documented): Russian headers,
# the currency after a comma, a Всего row.
VK_ADS = Layout(
    "VK Ads statistics",
    "Расходы VK Ads",
    """\
Статистика рекламного кабинета
01.03.2025 - 31.03.2025
Дата,Кампания,Показы,Клики,CTR,"Потрачено всего, ₽",eCPC
01.03.2025,Подписчики,"10 500",120,"1,14%","3 600,00","30,00"
02.03.2025,Подписчики,"11 200",131,"1,17%","3 930,00","30,00"
Всего,,"21 700",251,"1,16%","7 530,00","30,00"
""",
    "ru",
    {"spend": 7530.00, "clicks": 251, "impressions": 21_700},
    (6,),
    settings=(("currency", "RUB"),),
)

_GA4_PREAMBLE = """\
# ----------------------------------------
# Report CSV Export
# Account: Demo Shop
# Property: Demo Shop - GA4
# ----------------------------------------
# \n# All Users
"""

# GA4 report export with a Date dimension. The preamble is verbatim from raw exports; the
# Date column's YYYYMMDD values are as GA4 writes dates (the hourly variant is confirmed).
GA4_DAILY = Layout(
    "GA4 with date",
    "Traffic",
    _GA4_PREAMBLE
    + """\
# Start date: 20250301
# End date: 20250302
Date,Session default channel group,Users,Sessions,Engaged sessions,Engagement rate,Total revenue
20250301,Organic Search,309,482,323,0.670124481,1250.5
20250301,Paid Search,120,150,98,0.653333333,830
20250302,Organic Search,295,455,300,0.659340659,990
20250302,Paid Search,131,171,110,0.643274854,0
""",
    "en",
    {"visitors": 1258},
    extra={"header_row": 10, "by_date": {dt.date(2025, 3, 1): 632, dt.date(2025, 3, 2): 626}},
)

# GA4 report export without a date dimension: the period is in the preamble only, with a
# blank line before the header (both seen in raw exports).
GA4_SOURCES = Layout(
    "GA4 without date",
    "Traffic",
    _GA4_PREAMBLE
    + """\
# Start date: 20250301
# End date: 20250331

Session default channel group,Users,Sessions,Engaged sessions,Average engagement time per session,Engaged sessions per user,Events per session,Engagement rate,Event count,Conversions,Total revenue
Organic Search,309,482,323,60.79045643,1.045307443,7.5,0.670124481,3615,12,1250.5
Direct,201,260,150,40.2,0.746268657,5.1,0.576923077,1326,5,400
Paid Search,120,150,98,55.1,0.816666667,6.2,0.653333333,930,7,830
""",  # noqa: E501
    "en",
    {"visitors": 892},
    extra={"date": dt.date(2025, 3, 1), "header_row": 11},
)

# Yandex Metrica, Sources summary. Mostly unconfirmed: the Итого и средние row right under
# the header is from a parser of real exports; the title and period rows are assumed.
METRICA = Layout(
    "Yandex Metrica sources",
    "Трафик",
    """\
Источники, сводка
Период: 01.03.2025 — 31.03.2025
Источник трафика,Визиты,Посетители,Отказы,Глубина просмотра,Время на сайте
Итого и средние,"2 350","1 980","21,3 %","3,12",0:02:41
Переходы из поисковых систем,"1 200","1 010","18,0 %","3,50",0:03:05
Прямые заходы,650,540,"25,1 %","2,80",0:02:10
Переходы по рекламе,500,430,"24,0 %","2,70",0:02:20
""",
    "ru",
    {"visitors": 2350},
    (4,),
    extra={"date": dt.date(2025, 3, 1)},
)

_SHOPIFY_HEADER = (
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,"
    "Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,"
    "Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,"
    "Lineitem sku,Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,"
    "Billing Name,Billing Street,Billing Address1,Billing Address2,Billing Company,"
    "Billing City,Billing Zip,Billing Province,Billing Country,Billing Phone,Shipping Name,"
    "Shipping Street,Shipping Address1,Shipping Address2,Shipping Company,Shipping City,"
    "Shipping Zip,Shipping Province,Shipping Country,Shipping Phone,Notes,Note Attributes,"
    "Cancelled at,Payment Method,Payment Reference,Refunded Amount,Vendor,"
    "Outstanding Balance,Employee,Location,Device ID,Id,Tags,Risk Level,Source,"
    "Lineitem discount,Tax 1 Name,Tax 1 Value,Tax 2 Name,Tax 2 Value,Tax 3 Name,Tax 3 Value,"
    "Tax 4 Name,Tax 4 Value,Tax 5 Name,Tax 5 Value,Phone,Receipt Number,Duties,"
    "Billing Province Name,Shipping Province Name,Payment ID,Payment Terms Name,"
    "Next Payment Due At,Payment References"
)


def _shopify_line(**cells: str) -> str:
    names = _SHOPIFY_HEADER.split(",")
    unknown = set(cells) - {n.replace(" ", "_").lower() for n in names}
    assert not unknown, unknown
    return ",".join(f'"{cells.get(n.replace(" ", "_").lower(), "")}"' for n in names)


# Shopify orders_export.csv. Confirmed from raw exports: the header (2026 column set), one
# row per line item with the order's fields (Total, Financial Status...) on its first row
# only, timestamps with a UTC offset, lowercase financial statuses, empty cells as "".
SHOPIFY = Layout(
    "Shopify orders",
    "Orders",
    "\n".join(
        [
            _SHOPIFY_HEADER,
            _shopify_line(
                name="#1001",
                email="anna@example.com",
                financial_status="paid",
                paid_at="2025-03-16 17:56:02 +0300",
                currency="USD",
                subtotal="150.00",
                shipping="10.00",
                taxes="0.00",
                total="160.00",
                created_at="2025-03-16 17:55:00 +0300",
                lineitem_quantity="2",
                lineitem_name="Mug",
                lineitem_price="50.00",
                id="5123001",
                source="web",
            ),
            _shopify_line(
                name="#1001",
                email="anna@example.com",
                created_at="2025-03-16 17:55:00 +0300",
                lineitem_quantity="1",
                lineitem_name="Tee",
                lineitem_price="50.00",
            ),
            _shopify_line(
                name="#1002",
                email="bob@example.com",
                financial_status="refunded",
                currency="USD",
                subtotal="45.50",
                shipping="0.00",
                taxes="0.00",
                total="45.50",
                created_at="2025-03-17 09:10:11 +0300",
                lineitem_quantity="1",
                lineitem_name="Cap",
                lineitem_price="45.50",
                refunded_amount="45.50",
                id="5123002",
                source="web",
            ),
            _shopify_line(
                name="#1003",
                email="cara@example.com",
                financial_status="paid",
                currency="USD",
                subtotal="220.00",
                shipping="10.00",
                taxes="0.00",
                total="230.00",
                created_at="2025-04-01 01:30:00 +0300",
                cancelled_at="2025-04-02 10:00:00 +0300",
                lineitem_quantity="1",
                lineitem_name="Lamp",
                lineitem_price="120.00",
                id="5123003",
                source="web",
            ),
            _shopify_line(
                name="#1003",
                email="cara@example.com",
                created_at="2025-04-01 01:30:00 +0300",
                lineitem_quantity="1",
                lineitem_name="Bulb",
                lineitem_price="40.00",
            ),
            _shopify_line(
                name="#1003",
                email="cara@example.com",
                created_at="2025-04-01 01:30:00 +0300",
                lineitem_quantity="3",
                lineitem_name="Shade",
                lineitem_price="20.00",
            ),
            _shopify_line(
                name="#1004",
                email="dan@example.com",
                financial_status="paid",
                currency="USD",
                subtotal="80.00",
                shipping="0.00",
                taxes="0.00",
                total="80.00",
                created_at="2025-03-20 12:00:00 +0300",
                lineitem_quantity="1",
                lineitem_name="Pin",
                lineitem_price="80.00",
                id="5123004",
                source="web",
            ),
        ]
    ),  # fmt: skip
    "en",
    {"revenue": 515.50},
    settings=(("currency", "USD"),),
    extra={
        "orders": 4,
        "line_items": 3,
        "sales": 2,
        "sold": 240.00,
        "cancelled": "#1003",
        "local_date": ("#1003", dt.date(2025, 4, 1)),
    },
)

# WooCommerce Analytics > Orders > Download, server-side export. Column labels confirmed
# from WooCommerce's source; the Date format is unconfirmed.
WOOCOMMERCE = Layout(
    "WooCommerce orders",
    "Orders",
    """\
Date,Order #,N. Revenue (formatted),Status,Customer,Customer type,Product(s),Items sold,Coupon(s),Net Sales,Attribution
2025-03-16 17:55:00,1201,"$1,234.00",completed,Anna Smith,new,"2× Mug, 1× Tee",3,,1234,Organic: Google
2025-03-17 10:00:00,1202,$56.50,processing,Bob Lee,returning,1× Tee,1,SPRING,56.5,Direct
2025-03-18 11:30:00,1203,$99.00,refunded,Cara Diaz,new,1× Cap,1,,99,Paid: Google Ads
2025-03-19 12:45:00,1204,$20.00,cancelled,Dan Wu,new,1× Pin,1,,20,Direct
""",  # noqa: E501
    "en",
    {"revenue": 1409.50},
    extra={"orders": 4, "sales": 2, "sold": 1290.50},
)

# amoCRM deals export. Unconfirmed (no raw file or doc): Russian headers, ";" separated,
# dd.mm.yyyy hh:mm:ss dates, budgets with spaces; the won and lost stages are amoCRM's own.
AMOCRM = Layout(
    "amoCRM deals",
    "Заказы",
    """\
ID;Название сделки;Бюджет;Ответственный;Этап сделки;Воронка;Дата создания;Дата закрытия;Контакт;utm_source
1001;Заказ с сайта;150 000;Иван Петров;Успешно реализовано;Продажи;01.03.2025 10:15:00;05.03.2025 12:00:00;ООО Ромашка;yandex
1002;Звонок;80 000;Иван Петров;Переговоры;Продажи;03.03.2025 11:00:00;;ИП Сидоров;google
1003;Заявка;45 500;Мария Смирнова;Закрыто и не реализовано;Продажи;04.03.2025 09:30:00;10.03.2025 18:00:00;Алексей;yandex
1004;Заказ с сайта;210 000;Мария Смирнова;Успешно реализовано;Продажи;07.03.2025 14:20:00;15.03.2025 16:45:00;ООО Лютик;vk
""",  # noqa: E501
    "ru",
    {"revenue": 485_500},
    delimiter=";",
    extra={"orders": 4, "won": 360_000, "won_count": 2},
)

# Bitrix24 deals export. Unconfirmed (labels from code that rebuilds its exports): the
# stage, a Сумма with a Валюта column, dd.mm.yyyy dates; the won and lost stages are
# Bitrix24's defaults. One deal is in dollars.
BITRIX24 = Layout(
    "Bitrix24 deals",
    "Заказы",
    """\
ID;Название;Стадия сделки;Сумма;Валюта;Ответственный;Дата создания;Дата изменения;Компания;Контакт;Источник
11;Поставка;Сделка успешна;120000.00;RUB;Иван;01.03.2025 10:00:00;06.03.2025 10:00:00;ООО А;Пётр;Реклама
12;Монтаж;Подготовка документов;54000.00;RUB;Иван;02.03.2025 10:00:00;03.03.2025 10:00:00;ООО Б;Анна;Звонок
13;Сервис;Сделка провалена;18000.00;RUB;Мария;03.03.2025 10:00:00;05.03.2025 10:00:00;ООО В;Олег;Сайт
14;Поставка 2;Сделка успешна;400.00;USD;Мария;04.03.2025 10:00:00;09.03.2025 10:00:00;ООО Г;Ирина;Реклама
""",  # noqa: E501
    "ru",
    {"revenue": 120_000 + 54_000 + 18_000 + 400 * 90},
    delimiter=";",
    settings=(("валюта", "RUB"), ("курс USD", "90")),
    extra={"orders": 4, "won": 120_000 + 400 * 90, "won_count": 2},
)

# HubSpot deals export. Consistent across 3rd-party fixtures: property labels, Record ID
# first; whether Deal Stage holds labels or internal ids and the date format are
# unconfirmed (labels and yyyy-mm-dd hh:mm here).
HUBSPOT = Layout(
    "HubSpot deals",
    "Orders",
    """\
Record ID,Deal Name,Deal Stage,Amount,Deal owner,Create Date,Close Date,Pipeline
9001,Acme renewal,Closed Won,12000,Jane Roe,2025-03-02 09:00,2025-03-20 17:00,Sales Pipeline
9002,Globex upsell,Appointment Scheduled,5000,Jane Roe,2025-03-05 10:30,2025-04-30 17:00,Sales Pipeline
9003,Initech pilot,Closed Lost,3000,John Doe,2025-03-07 14:00,2025-03-25 12:00,Sales Pipeline
9004,Umbrella deal,Closed Won,8000.5,John Doe,2025-03-10 08:15,2025-03-28 16:00,Sales Pipeline
""",  # noqa: E501
    "en",
    {"revenue": 28_000.5},
    extra={"orders": 4, "won": 20_000.5, "won_count": 2},
)

# TikTok Ads Manager, campaign report split by day. Verified against parsers of real
# exports: "By Day", "Cost", "Impressions", "Clicks (destination)", "Campaign name"; the
# currency is the ad account's (no column in current exports).
TIKTOK = Layout(
    "TikTok Ads by day",
    "Spend - TikTok",
    """\
By Day,Campaign name,Cost,Impressions,Clicks (destination),CTR (destination),Conversions
2025-03-01,Spring promo,120.50,"10,400",210,2.02%,4
2025-03-01,Retargeting,40.00,"3,100",55,1.77%,1
2025-03-02,Spring promo,130.25,"11,050",230,2.08%,6
""",
    "en",
    {"spend": 290.75, "impressions": 24_550, "clicks": 495},
    extra={"channel": "TikTok"},
)

# Microsoft Advertising campaign performance report. Verified from real downloads: report
# header lines above a blank line, "Gregorian date", "Campaign name", "Impressions",
# "Clicks", "Spend", "Currency code", and the copyright line at the end.
MICROSOFT_ADS = Layout(
    "Microsoft Advertising campaign performance",
    "Spend - Microsoft Ads",
    """\
Report Name: Campaign Performance
Report Time: 3/1/2025 - 3/2/2025
Time Zone: (GMT) Greenwich Mean Time
Last Completed Available Day: 3/3/2025
Report Aggregation: Daily
Rows: 3

Gregorian date,Campaign name,Impressions,Clicks,Spend,Currency code
2025-03-01,Brand,"1,200",80,64.00,USD
2025-03-01,Generic,900,31,40.30,USD
2025-03-02,Brand,"1,150",77,60.10,USD
"©2025 Microsoft Corporation. All rights reserved."
""",
    "en",
    {"spend": 164.40, "impressions": 3_250, "clicks": 188},
    (12,),
    extra={"channel": "Microsoft Ads", "header_row": 8},
)

# LinkedIn Campaign Manager campaign performance. Verified from an importer of real
# exports: title lines above the header, "Start Date (in UTC)", "Campaign Name", "Total
# Spent", "Impressions", "Clicks"; pasted from its UTF-16 tab-separated file.
LINKEDIN = Layout(
    "LinkedIn Campaign Manager",
    "Spend - LinkedIn",
    """\
Campaign Performance Report (in UTC)
Report Start: 3/1/2025
Report End: 3/2/2025
Date Generated: 3/3/2025
Account Name\tAcme
Start Date (in UTC)\tAccount Name\tCampaign Name\tCampaign Type\tTotal Spent\tImpressions\tClicks\tLeads
3/1/2025\tAcme\tWebinar\tSponsored Content\t210.50\t4200\t38\t5
3/2/2025\tAcme\tWebinar\tSponsored Content\t195.00\t3900\t31\t3
""",  # noqa: E501
    "en",
    {"spend": 405.50, "impressions": 8_100, "clicks": 69},
    delimiter="\t",
    extra={"channel": "LinkedIn", "header_row": 6},
)

# Stripe payments export (unified_payments.csv). Verified from real files: "id",
# "Created date (UTC)", "Amount", "Amount Refunded", "Currency" (lower case), "Status"
# (Paid, Refunded, Failed), "Customer Email".
STRIPE = Layout(
    "Stripe payments",
    "Orders",
    """\
id,Created date (UTC),Amount,Amount Refunded,Currency,Captured,Fee,Status,Customer ID,Customer Email
py_1,2025-03-01 10:12:00,120.00,0.00,usd,true,3.78,Paid,cus_A,a@x.com
py_2,2025-03-02 11:40:00,80.00,80.00,usd,true,2.62,Refunded,cus_B,b@x.com
py_3,2025-03-02 12:00:00,55.00,0.00,usd,false,0.00,Failed,cus_C,c@x.com
py_4,2025-03-03 09:05:00,40.50,0.00,usd,true,1.47,Paid,cus_A,a@x.com
""",
    "en",
    {"revenue": 295.50},
    extra={"orders": 4, "sales": 2, "sold": 160.50},
)

# Ozon orders (FBO postings). Verified from parsers of real files: ";" separated,
# "Номер заказа", "Номер отправления", "Принят в обработку" (dd.mm.yyyy hh:mm), "Статус",
# "Сумма отправления" and "Код валюты отправления"; one row per item of a posting.
OZON = Layout(
    "Ozon orders",
    "Заказы",
    """\
Номер заказа;Номер отправления;Принят в обработку;Дата отгрузки;Статус;Сумма отправления;Код валюты отправления;Наименование товара;Количество
0101-1;0101-1-1;01.03.2025 10:00;02.03.2025 12:00;Доставлен;1 990,00;RUB;Кружка;1
0102-1;0102-1-1;02.03.2025 11:30;03.03.2025 12:00;Отменён;790,00;RUB;Футболка;1
0103-1;0103-1-1;03.03.2025 15:45;04.03.2025 12:00;Доставляется;2 450,50;RUB;Худи;1
""",  # noqa: E501
    "ru",
    {"revenue": 5_230.50},
    delimiter=";",
    extra={"orders": 3, "sales": 2, "sold": 4_440.50},
)

# RetailCRM orders. Reconstructed (no real export found; labels from its API docs): the
# order number, the date of placing it, the total, the status, the customer, the source.
RETAILCRM = Layout(
    "RetailCRM orders",
    "Заказы",
    """\
Номер;Дата оформления;Сумма;Статус;Покупатель;Источник
5001A;01.03.2025 09:15;3 400,00;Выполнен;Ольга;yandex
5002A;02.03.2025 13:00;1 250,00;Отменен;Павел;vk
5003A;03.03.2025 18:20;980,00;Выполнен;Ольга;email
""",
    "ru",
    {"revenue": 5_630.00},
    delimiter=";",
    extra={"orders": 3, "sales": 2, "sold": 4_380.00},
)

# Google Forms responses in Google Sheets, Russian. Verified: "Отметка времени" (dd.mm.yyyy
# hh:mm:ss), "Адрес электронной почты", then the form's questions.
GOOGLE_FORMS_RU = Layout(
    "Google Forms responses (Russian)",
    "Лиды - Форма на сайте",
    """\
Отметка времени,Адрес электронной почты,Ваше имя,Удобное время звонка
01.03.2025 10:11:12,a@x.ru,Анна,утро
01.03.2025 18:00:03,b@x.ru,Борис,вечер
02.03.2025 09:30:00,c@x.ru,Вера,утро
""",
    "ru",
    {},
    extra={"channel": "Форма на сайте", "leads": 3},
)

# Google Ads campaign report in its Russian interface. Verified from a real export: two
# lines above the header, "Kлики" written with a Latin K, "Показы", "Код валюты",
# "Расходы", Russian numbers; "Итого" rows at the end.
GOOGLE_ADS_RU = Layout(
    "Google Ads campaign report (Russian)",
    "Расходы Google Ads",
    """\
Отчет по кампаниям
"1 марта 2025 г. - 31 марта 2025 г."
Кампания,Статус кампании,Kлики,Показы,CTR,Код валюты,Ср. цена за клик,Расходы
Бренд,Включено,864,14 117,"6,12 %",RUB,"13,94","12 045,50"
Общие запросы,Включено,802,25 881,"3,10 %",RUB,"35,57","28 531,00"
"Итого: аккаунт",,"1 666","39 998","4,17 %",RUB,"24,35","40 576,50"
""",
    "ru",
    {"spend": 40_576.50, "impressions": 39_998, "clicks": 1_666},
    (6,),
    extra={"channel": "Google Ads", "date": dt.date(2025, 3, 1), "header_row": 3},
)

# Meta Ads Manager export in Russian. Verified from real 2026 files: "Дата начала
# отчетности", "Окончание отчетности", "Название кампании", "Показы", "Клики по ссылке",
# "Потраченная сумма (RUB)", and the summary row with no campaign name first.
META_RU = Layout(
    "Meta Ads Manager (Russian)",
    "Расходы Meta",
    """\
Дата начала отчетности,Окончание отчетности,Название кампании,Охват,Показы,Клики по ссылке,Потраченная сумма (RUB)
2025-03-01,2025-03-31,,52 000,98 760,1 500,"114 196,80"
2025-03-01,2025-03-31,Весна,30 100,70 210,1 200,"73 112,00"
2025-03-01,2025-03-31,Лид-форма,21 900,28 550,300,"41 084,80"
""",  # noqa: E501
    "ru",
    {"spend": 114_196.80, "impressions": 98_760, "clicks": 1_500},
    (2,),
    extra={"channel": "Meta"},
)

# Salesforce opportunities report. Values verified (stage names, lead sources); the export's
# header layout reconstructed: "Opportunity Name", "Account Name", "Amount", "Close Date",
# "Stage", "Probability (%)", "Lead Source".
SALESFORCE = Layout(
    "Salesforce opportunities",
    "Orders",
    """\
Opportunity Name,Account Name,Amount,Close Date,Stage,Probability (%),Lead Source
Acme expansion,Acme,"12,000.00",2025-03-10,Closed Won,100,Web
Globex pilot,Globex,"5,000.00",2025-03-12,Closed Lost,0,Partner Referral
Initech renewal,Initech,"8,500.00",2025-03-20,Closed Won,100,Phone Inquiry
Umbrella,Umbrella,"20,000.00",2025-04-15,Negotiation/Review,90,Web
""",
    "en",
    {"revenue": 45_500.00},
    extra={"won": 20_500.00, "won_count": 2},
)

LAYOUTS = (
    GOOGLE_ADS_CAMPAIGNS,
    GOOGLE_ADS_DAILY,
    META_CAMPAIGNS,
    META_DAILY,
    YANDEX_WIZARD,
    YANDEX_API,
    VK_ADS,
    GA4_DAILY,
    GA4_SOURCES,
    METRICA,
    SHOPIFY,
    WOOCOMMERCE,
    AMOCRM,
    BITRIX24,
    HUBSPOT,
    TIKTOK,
    MICROSOFT_ADS,
    LINKEDIN,
    STRIPE,
    OZON,
    RETAILCRM,
    GOOGLE_FORMS_RU,
    GOOGLE_ADS_RU,
    META_RU,
    SALESFORCE,
)
