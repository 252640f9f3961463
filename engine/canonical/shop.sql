-- The canonical shop tables, created by cohortdb in database `shop` on a
-- fresh data dir. docs/schema.md documents every column. Statements are
-- separated by ";" at the end of a line.

CREATE TABLE customers (
  customer_id   BIGINT NOT NULL COMMENT 'shop''s customer/contact id',
  email         VARCHAR(254) COMMENT 'contact e-mail address',
  first_name    VARCHAR(100),
  last_name     VARCHAR(100),
  gender        VARCHAR(1) COMMENT 'F, M or U (unknown)',
  birth_date    DATE,
  country       VARCHAR(2) COMMENT 'ISO 3166-1 alpha-2',
  city          VARCHAR(100),
  signup_at     DATETIME NOT NULL COMMENT 'when the contact became a lead',
  source        VARCHAR(50) COMMENT 'acquisition source',
  email_opt_in  BOOLEAN NOT NULL DEFAULT FALSE,
  updated_at    DATETIME,
  phone         VARCHAR(32) COMMENT 'as entered; unify() reads it as E.164 in the contact''s country',
  postal_code   VARCHAR(16),
  PRIMARY KEY (customer_id)
) COMMENT 'contacts: leads and customers';

CREATE TABLE orders (
  order_id        BIGINT NOT NULL,
  line_no         INT NOT NULL,
  customer_id     BIGINT NOT NULL,
  ordered_at      DATETIME NOT NULL,
  product_id      BIGINT NOT NULL,
  quantity        INT NOT NULL,
  unit_price      DECIMAL(12,2) NOT NULL,
  amount          DECIMAL(12,2) NOT NULL COMMENT 'quantity * unit_price, after discounts',
  currency        VARCHAR(3) NOT NULL DEFAULT 'EUR',
  status          VARCHAR(16) NOT NULL DEFAULT 'valid' COMMENT 'valid, cancelled or returned',
  channel         VARCHAR(16) COMMENT 'web, store, app or marketplace',
  store_id        INT,
  coupon_code     VARCHAR(50),
  source_medium   VARCHAR(100),
  source_campaign VARCHAR(100)
) COMMENT 'one row per order line; sort key (customer_id, ordered_at)';

CREATE TABLE products (
  product_id  BIGINT NOT NULL,
  name        VARCHAR(200),
  brand       VARCHAR(100),
  category_1  VARCHAR(100),
  category_2  VARCHAR(100),
  category_3  VARCHAR(100),
  price       DECIMAL(12,2),
  created_at  DATETIME,
  PRIMARY KEY (product_id)
) COMMENT 'product catalogue with a three-level category path';

CREATE TABLE events (
  customer_id  BIGINT COMMENT 'NULL for an anonymous visitor (visitor_id set)',
  occurred_at  DATETIME NOT NULL,
  type         VARCHAR(20) NOT NULL COMMENT 'email_sent, email_open, email_click, site_visit, product_view, cart_add, unsubscribe',
  campaign_id  BIGINT,
  channel      VARCHAR(16),
  product_id   BIGINT,
  url          VARCHAR(500) COMMENT 'page of a site_visit, product_view or cart_add',
  source       VARCHAR(20) COMMENT 'traffic source of a web event: direct, search, ad, email, social or referral',
  device       VARCHAR(16) COMMENT 'desktop, mobile or tablet',
  visitor_id   VARCHAR(64) COMMENT 'anonymous visitor (cookie/device id); with customer_id set the event identifies the visitor'
) COMMENT 'engagement events; sort key (customer_id, occurred_at)';

CREATE TABLE scoring_rules (
  rule           VARCHAR(64) NOT NULL COMMENT 'rule name, shown by lead_score()',
  event_type     VARCHAR(20) NOT NULL COMMENT 'the events.type the rule scores',
  url_pattern    VARCHAR(500) COMMENT 'LIKE pattern on events.url; NULL: any event',
  source_pattern VARCHAR(100) COMMENT 'LIKE pattern on events.source; NULL: any event',
  campaign_id    BIGINT COMMENT 'events.campaign_id; NULL: any event',
  points         INT NOT NULL COMMENT 'points per matching event, negative to subtract',
  half_life_days DOUBLE COMMENT 'an event''s points halve every this many days; NULL: no decay',
  cap            INT COMMENT 'most points (in absolute value) the rule gives one contact; NULL: no cap',
  PRIMARY KEY (rule)
) COMMENT 'lead scoring rules (docs/behaviour.md); empty: the default rules';

CREATE TABLE fx_rates (
  currency    VARCHAR(3) NOT NULL COMMENT 'ISO 4217',
  valid_from  DATE NOT NULL COMMENT 'first day (UTC) the rate applies; it holds until the currency''s next row',
  rate        DECIMAL(18,8) NOT NULL COMMENT 'value of one unit of currency in the reporting currency',
  PRIMARY KEY (currency, valid_from)
) COMMENT 'exchange rates: analytics convert every order amount into the reporting currency';

CREATE TABLE load_history (
  id            BIGINT NOT NULL AUTO_INCREMENT,
  started_at    DATETIME(6) NOT NULL,
  finished_at   DATETIME(6),
  `table`       VARCHAR(64) NOT NULL,
  source        VARCHAR(1024) COMMENT 'file name, or LOAD DATA / import',
  rows_read     BIGINT NOT NULL DEFAULT 0,
  rows_loaded   BIGINT NOT NULL DEFAULT 0,
  rows_rejected BIGINT NOT NULL DEFAULT 0,
  status        VARCHAR(16) NOT NULL COMMENT 'ok, rejected or failed',
  message       TEXT COMMENT 'first errors (line, column, reason) when not ok',
  PRIMARY KEY (id)
) COMMENT 'one row per load attempt';

CREATE TABLE compaction_history (
  id              BIGINT NOT NULL AUTO_INCREMENT,
  started_at      DATETIME(6) NOT NULL,
  finished_at     DATETIME(6),
  `table`         VARCHAR(64) NOT NULL,
  reason          VARCHAR(32) NOT NULL COMMENT 'optimize, or what made background compaction pick the table',
  segments_before INT,
  segments_after  INT,
  rows_before     BIGINT COMMENT 'rows stored before, deleted ones included',
  rows_after      BIGINT,
  bytes_before    BIGINT COMMENT 'encoded column bytes',
  bytes_after     BIGINT,
  status          VARCHAR(16) NOT NULL COMMENT 'running, ok, nothing to do, conflict, failed or interrupted',
  message         TEXT,
  PRIMARY KEY (id)
) COMMENT 'one row per compaction of a table of this database';
