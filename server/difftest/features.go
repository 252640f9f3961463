package difftest

import (
	"regexp"
	"strings"
)

// Feature names have a category prefix: "statement: SHOW COLUMNS",
// "clause: LEFT JOIN", "function: DATE_FORMAT", "schema:
// information_schema.COLUMNS", "variable: @@sql_mode", or whatever a
// corpus "-- feature:" line says ("client: Metabase", "type: BOOLEAN").

// versionComment matches MySQL's executable comments (/*!40101 ... */)
// and optimizer hints: their text is part of the statement.
var versionComment = regexp.MustCompile(`/\*!\d*|\*/`)

// plainComment matches comments that are not executable.
var plainComment = regexp.MustCompile(`(?s)/\*[^!].*?\*/|(?m)^\s*--.*$|(?m)^\s*#.*$`)

// statementWords are the leading words that name a statement: the
// longest prefix listed wins.
var statementWords = []string{
	"SHOW FULL COLUMNS", "SHOW COLUMNS", "SHOW FULL TABLES", "SHOW TABLES", "SHOW TABLE STATUS",
	"SHOW CREATE TABLE", "SHOW CREATE DATABASE", "SHOW CREATE VIEW", "SHOW CREATE PROCEDURE", "SHOW CREATE FUNCTION",
	"SHOW INDEX", "SHOW INDEXES", "SHOW KEYS", "SHOW DATABASES", "SHOW SCHEMAS",
	"SHOW SESSION VARIABLES", "SHOW GLOBAL VARIABLES", "SHOW VARIABLES", "SHOW SESSION STATUS", "SHOW GLOBAL STATUS", "SHOW STATUS",
	"SHOW COLLATION", "SHOW CHARACTER SET", "SHOW CHARSET", "SHOW ENGINES", "SHOW WARNINGS", "SHOW ERRORS",
	"SHOW PROCESSLIST", "SHOW FULL PROCESSLIST", "SHOW GRANTS", "SHOW TRIGGERS", "SHOW EVENTS", "SHOW PLUGINS",
	"SHOW PROCEDURE STATUS", "SHOW FUNCTION STATUS", "SHOW MASTER STATUS", "SHOW BINARY LOGS", "SHOW PRIVILEGES",
	"SHOW OPEN TABLES", "SHOW ENGINE",
	"SET NAMES", "SET CHARACTER SET", "SET SESSION TRANSACTION", "SET TRANSACTION", "SET",
	"START TRANSACTION", "BEGIN", "COMMIT", "ROLLBACK TO SAVEPOINT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT",
	"LOCK TABLES", "UNLOCK TABLES", "FLUSH TABLES WITH READ LOCK", "FLUSH TABLES", "FLUSH",
	"CREATE TABLE", "CREATE TEMPORARY TABLE", "CREATE DATABASE", "CREATE VIEW", "CREATE INDEX",
	"DROP TABLE", "DROP DATABASE", "DROP VIEW", "ALTER TABLE", "TRUNCATE TABLE", "RENAME TABLE",
	"INSERT", "REPLACE", "UPDATE", "DELETE", "LOAD DATA",
	"SELECT", "WITH", "TABLE", "VALUES", "USE", "DO", "EXPLAIN", "DESCRIBE", "DESC", "CHECKSUM TABLE", "ANALYZE TABLE",
	"KILL", "CALL", "PREPARE", "EXECUTE", "DEALLOCATE PREPARE", "HANDLER",
}

// clausePatterns find the query clauses a statement uses.
var clausePatterns = []struct {
	name string
	re   *regexp.Regexp
}{
	{"clause: LEFT JOIN", regexp.MustCompile(`(?i)\bLEFT\s+(OUTER\s+)?JOIN\b`)},
	{"clause: RIGHT JOIN", regexp.MustCompile(`(?i)\bRIGHT\s+(OUTER\s+)?JOIN\b`)},
	{"clause: CROSS JOIN", regexp.MustCompile(`(?i)\bCROSS\s+JOIN\b`)},
	{"clause: STRAIGHT_JOIN", regexp.MustCompile(`(?i)\bSTRAIGHT_JOIN\b`)},
	{"clause: GROUP BY", regexp.MustCompile(`(?i)\bGROUP\s+BY\b`)},
	{"clause: WITH ROLLUP", regexp.MustCompile(`(?i)\bWITH\s+ROLLUP\b`)},
	{"clause: HAVING", regexp.MustCompile(`(?i)\bHAVING\b`)},
	{"clause: window (OVER)", regexp.MustCompile(`(?i)\bOVER\s*\(`)},
	{"clause: WITH (CTE)", regexp.MustCompile(`(?i)^\s*WITH\s+[a-z_]`)},
	{"clause: WITH RECURSIVE", regexp.MustCompile(`(?i)^\s*WITH\s+RECURSIVE\b`)},
	{"clause: UNION", regexp.MustCompile(`(?i)\bUNION\s+(DISTINCT\s+)?SELECT\b|\bUNION\s+\(`)},
	{"clause: UNION ALL", regexp.MustCompile(`(?i)\bUNION\s+ALL\b`)},
	{"clause: subquery", regexp.MustCompile(`(?i)\(\s*SELECT\b`)},
	{"clause: EXISTS", regexp.MustCompile(`(?i)\bEXISTS\s*\(`)},
	{"clause: IN (subquery)", regexp.MustCompile(`(?i)\bIN\s*\(\s*SELECT\b`)},
	{"clause: CASE", regexp.MustCompile(`(?i)\bCASE\b`)},
	{"clause: DISTINCT", regexp.MustCompile(`(?i)\bSELECT\s+DISTINCT\b`)},
	{"clause: ORDER BY", regexp.MustCompile(`(?i)\bORDER\s+BY\b`)},
	{"clause: LIMIT", regexp.MustCompile(`(?i)\bLIMIT\s+\d`)},
	{"clause: LIKE", regexp.MustCompile(`(?i)\bLIKE\b`)},
	{"clause: BETWEEN", regexp.MustCompile(`(?i)\bBETWEEN\b`)},
	{"clause: IS NULL", regexp.MustCompile(`(?i)\bIS\s+(NOT\s+)?NULL\b`)},
	{"clause: INTERVAL", regexp.MustCompile(`(?i)\bINTERVAL\s`)},
	{"clause: user variable", regexp.MustCompile(`(^|[^@])@[a-zA-Z_]`)},
}

// joinWord finds JOIN with the word before it.
var joinWord = regexp.MustCompile(`(?i)(\w+)\s+JOIN\b`)

// innerJoin reports a JOIN that is not LEFT, RIGHT, CROSS or NATURAL.
func innerJoin(s string) bool {
	for _, m := range joinWord.FindAllStringSubmatch(s, -1) {
		switch strings.ToUpper(m[1]) {
		case "LEFT", "RIGHT", "OUTER", "CROSS", "NATURAL":
		default:
			return true
		}
	}
	return false
}

// functionCall finds identifiers followed by "(".
var functionCall = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_]*)\s*\(`)

// sysVar finds system variables.
var sysVar = regexp.MustCompile(`(?i)@@(?:session\.|global\.|local\.)?([a-z_][a-z0-9_]*)`)

// schemaTable finds tables of the system schemas.
var schemaTable = regexp.MustCompile(`(?i)\b(information_schema|performance_schema|mysql|sys)\s*\.\s*` + "`?" + `([a-z_]+)`)

// DetectFeatures returns the features a statement's text uses (unsorted,
// possibly repeated).
func DetectFeatures(sql string) []string {
	text := versionComment.ReplaceAllString(plainComment.ReplaceAllString(sql, " "), " ")
	var out []string
	if s := statementKind(text); s != "" {
		out = append(out, "statement: "+s)
	}
	noStrings := stripStrings(text)
	if innerJoin(noStrings) {
		out = append(out, "clause: INNER JOIN")
	}
	for _, c := range clausePatterns {
		if c.re.MatchString(noStrings) {
			out = append(out, c.name)
		}
	}
	for _, m := range functionCall.FindAllStringSubmatch(noStrings, -1) {
		if name := strings.ToUpper(m[1]); knownFunctions[name] {
			out = append(out, "function: "+name)
		}
	}
	for _, m := range sysVar.FindAllStringSubmatch(noStrings, -1) {
		out = append(out, "variable: @@"+strings.ToLower(m[1]))
	}
	for _, m := range schemaTable.FindAllStringSubmatch(noStrings, -1) {
		out = append(out, "schema: "+strings.ToLower(m[1])+"."+strings.ToUpper(m[2]))
	}
	return out
}

func statementKind(text string) string {
	words := strings.Fields(strings.ToUpper(strings.TrimLeft(text, " \t\n(")))
	best := ""
	for _, s := range statementWords {
		w := strings.Fields(s)
		if len(w) <= len(words) && len(s) > len(best) && strings.Join(words[:len(w)], " ") == s {
			best = s
		}
	}
	return best
}

// stripStrings blanks quoted string literals, so that text inside them
// is not taken for SQL.
func stripStrings(s string) string {
	b := []byte(s)
	var quote byte
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case quote == 0 && (c == '\'' || c == '"'):
			quote = c
		case quote != 0 && c == '\\':
			b[i] = ' '
			if i+1 < len(b) {
				i++
				b[i] = ' '
			}
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
			b[i] = ' '
		}
	}
	return string(b)
}

// knownFunctions are the MySQL functions the harness reports on.
var knownFunctions = setOf(
	// aggregates
	"COUNT", "SUM", "AVG", "MIN", "MAX", "GROUP_CONCAT", "STDDEV", "STDDEV_POP", "STDDEV_SAMP", "VARIANCE",
	"VAR_POP", "VAR_SAMP", "BIT_AND", "BIT_OR", "BIT_XOR", "JSON_ARRAYAGG", "JSON_OBJECTAGG", "ANY_VALUE",
	// windows
	"ROW_NUMBER", "RANK", "DENSE_RANK", "PERCENT_RANK", "CUME_DIST", "NTILE", "LAG", "LEAD", "FIRST_VALUE",
	"LAST_VALUE", "NTH_VALUE",
	// control flow and comparison
	"IF", "IFNULL", "NULLIF", "COALESCE", "GREATEST", "LEAST", "ISNULL", "INTERVAL", "FIELD", "ELT",
	// casts
	"CAST", "CONVERT", "BINARY",
	// numbers
	"ABS", "CEIL", "CEILING", "FLOOR", "ROUND", "TRUNCATE", "MOD", "SIGN", "SQRT", "POW", "POWER", "EXP",
	"LN", "LOG", "LOG10", "LOG2", "PI", "RAND", "DIV", "CONV", "HEX", "UNHEX", "FORMAT", "CRC32", "MD5", "SHA1", "SHA2",
	// strings
	"CONCAT", "CONCAT_WS", "UPPER", "UCASE", "LOWER", "LCASE", "SUBSTRING", "SUBSTR", "MID", "LEFT", "RIGHT",
	"LENGTH", "CHAR_LENGTH", "CHARACTER_LENGTH", "OCTET_LENGTH", "BIT_LENGTH", "REPLACE", "TRIM", "LTRIM", "RTRIM",
	"LPAD", "RPAD", "LOCATE", "POSITION", "INSTR", "REVERSE", "SUBSTRING_INDEX", "REPEAT", "SPACE", "ASCII", "ORD",
	"CHAR", "STRCMP", "FIND_IN_SET", "INSERT", "QUOTE", "REGEXP_LIKE", "REGEXP_REPLACE", "REGEXP_SUBSTR",
	"REGEXP_INSTR", "TO_BASE64", "FROM_BASE64", "SOUNDEX",
	// dates and times
	"NOW", "CURDATE", "CURRENT_DATE", "CURTIME", "CURRENT_TIME", "CURRENT_TIMESTAMP", "SYSDATE", "UTC_TIMESTAMP",
	"UTC_DATE", "DATE", "TIME", "TIMESTAMP", "YEAR", "QUARTER", "MONTH", "WEEK", "WEEKDAY", "WEEKOFYEAR",
	"YEARWEEK", "DAY", "DAYOFMONTH", "DAYOFWEEK", "DAYOFYEAR", "HOUR", "MINUTE", "SECOND", "MICROSECOND",
	"DAYNAME", "MONTHNAME", "DATE_FORMAT", "TIME_FORMAT", "STR_TO_DATE", "DATE_ADD", "DATE_SUB", "ADDDATE",
	"SUBDATE", "ADDTIME", "SUBTIME", "DATEDIFF", "TIMEDIFF", "TIMESTAMPDIFF", "TIMESTAMPADD", "LAST_DAY",
	"MAKEDATE", "MAKETIME", "FROM_DAYS", "TO_DAYS", "TO_SECONDS", "UNIX_TIMESTAMP", "FROM_UNIXTIME",
	"CONVERT_TZ", "EXTRACT", "SEC_TO_TIME", "TIME_TO_SEC", "PERIOD_ADD", "PERIOD_DIFF", "GET_FORMAT",
	// information and session
	"DATABASE", "SCHEMA", "USER", "CURRENT_USER", "SESSION_USER", "SYSTEM_USER", "VERSION", "CONNECTION_ID",
	"LAST_INSERT_ID", "ROW_COUNT", "FOUND_ROWS", "CHARSET", "COLLATION", "COERCIBILITY", "BENCHMARK", "SLEEP",
	"UUID", "GET_LOCK", "RELEASE_LOCK", "IS_FREE_LOCK",
	// JSON
	"JSON_EXTRACT", "JSON_UNQUOTE", "JSON_OBJECT", "JSON_ARRAY", "JSON_LENGTH", "JSON_VALID", "JSON_TYPE",
)

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}
