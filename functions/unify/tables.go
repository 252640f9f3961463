package unify

import (
	"fmt"
	"strings"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// The tables of a database that unify keeps. The configuration tables
// are created (and seeded with the defaults) by the first CALL unify();
// users edit them with plain SQL.
const (
	rulesTable      = "match_rules"
	survTable       = "survivorship_rules"
	exclusionsTable = "unify_exclusions"
	linksTable      = "customer_links"
	unifiedTable    = "unified_customers"
	visitorsTable   = "visitor_links"
)

var ddl = map[string]string{
	rulesTable: `CREATE TABLE %s.match_rules (
  rule      VARCHAR(64) NOT NULL COMMENT 'name, reported in customer_links.rule',
  priority  BIGINT NOT NULL COMMENT 'rules apply in ascending priority',
  kind      VARCHAR(16) NOT NULL COMMENT 'email, phone, name_postcode or exact',
  col       VARCHAR(64) COMMENT 'exact rules: the customers text column compared',
  threshold DOUBLE COMMENT 'name_postcode: least Jaro-Winkler similarity of the full names',
  options   VARCHAR(255) COMMENT 'key=value;... email: dot_domains, plus_all; phone: region',
  enabled   BOOLEAN NOT NULL DEFAULT TRUE,
  PRIMARY KEY (rule)
) COMMENT 'how unify() matches duplicate customer records'`,
	survTable: `CREATE TABLE %s.survivorship_rules (
  priority  BIGINT NOT NULL COMMENT 'criteria apply in ascending priority; the lowest id breaks the last tie',
  criterion VARCHAR(32) NOT NULL COMMENT 'source_priority, most_complete, most_recent or oldest',
  options   VARCHAR(255) COMMENT 'source_priority: the sources, best first (store,web)',
  PRIMARY KEY (priority)
) COMMENT 'how unify() picks the winner record of a person'`,
	exclusionsTable: `CREATE TABLE %s.unify_exclusions (
  customer_a BIGINT NOT NULL,
  customer_b BIGINT NOT NULL,
  reason     VARCHAR(255),
  created_at DATETIME,
  PRIMARY KEY (customer_a, customer_b)
) COMMENT 'pairs of records unify() never puts in one person (CALL unmerge adds them)'`,
	linksTable: `CREATE TABLE %s.customer_links (
  customer_id  BIGINT NOT NULL COMMENT 'a merged-away (loser) record',
  unified_id   BIGINT NOT NULL COMMENT 'the winner record: the person''s id',
  rule         VARCHAR(64) NOT NULL COMMENT 'the rule that matched the record first',
  matched_with BIGINT NOT NULL COMMENT 'the record it matched',
  score        DOUBLE NOT NULL COMMENT '1 for exact rules, the similarity for fuzzy ones',
  linked_at    DATETIME NOT NULL,
  PRIMARY KEY (customer_id)
) COMMENT 'loser -> winner map written by unify()'`,
	unifiedTable: `CREATE TABLE %s.unified_customers (
  unified_id  BIGINT NOT NULL COMMENT 'the winner record''s customer_id',
  members     BIGINT NOT NULL COMMENT 'records merged into the person (1: none)',
  email       VARCHAR(254),
  phone       VARCHAR(32) COMMENT 'E.164 when it parses',
  first_name  VARCHAR(100),
  last_name   VARCHAR(100),
  postal_code VARCHAR(16),
  country     VARCHAR(2),
  city        VARCHAR(100),
  source      VARCHAR(50),
  signup_at   DATETIME COMMENT 'earliest signup of the members',
  updated_at  DATETIME COMMENT 'latest change of the members',
  PRIMARY KEY (unified_id)
) COMMENT 'one golden record per person, written by unify()'`,
	visitorsTable: `CREATE TABLE %s.visitor_links (
  visitor_id    VARCHAR(64) NOT NULL,
  customer_id   BIGINT NOT NULL COMMENT 'the contact of the earliest identifying event',
  identified_at DATETIME NOT NULL,
  PRIMARY KEY (visitor_id)
) COMMENT 'anonymous visitors stitched to contacts by unify()'`,
}

// quoteIdent quotes a database name for DDL.
func quoteIdent(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }

// ensureTables creates the missing tables of db, seeding new rule tables
// with the defaults.
func ensureTables(env sqlfn.Env, db string) error {
	for _, name := range []string{rulesTable, survTable, exclusionsTable, linksTable, unifiedTable, visitorsTable} {
		if env.HasTable(db, name) {
			continue
		}
		if err := sqlfn.EnsureTable(env, db, name, fmt.Sprintf(ddl[name], quoteIdent(db))); err != nil {
			return fmt.Errorf("create %s.%s: %w", db, name, err)
		}
		if err := seed(env, db, name); err != nil {
			return err
		}
	}
	return nil
}

// seed fills a new rule table with the defaults.
func seed(env sqlfn.Env, db, table string) error {
	var rows []string
	switch table {
	case rulesTable:
		for _, r := range DefaultRules {
			th := "NULL"
			if r.Threshold != 0 {
				th = fmt.Sprint(r.Threshold)
			}
			rows = append(rows, fmt.Sprintf("(%s, %d, %s, NULL, %s, %s, TRUE)", sqlString(r.Name), r.Priority, sqlString(r.Kind), th, sqlNullString(r.Options)))
		}
	case survTable:
		for i, c := range DefaultSurvivorship() {
			rows = append(rows, fmt.Sprintf("(%d, %s, NULL)", 10*(i+1), sqlString(c.Name)))
		}
	default:
		return nil
	}
	_, _, err := env.ExecIn(db, "INSERT INTO "+quoteIdent(db)+"."+table+" VALUES "+strings.Join(rows, ", "))
	if err != nil {
		return fmt.Errorf("seed %s.%s: %w", db, table, err)
	}
	return nil
}

// sqlString quotes s as a SQL string literal.
func sqlString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`, "\x00", `\0`).Replace(s) + "'"
}

func sqlNullString(s string) string {
	if s == "" {
		return "NULL"
	}
	return sqlString(s)
}
