package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// connectorJ is where Debian's libmariadb-java puts MariaDB Connector/J;
// $COHORTDB_CONNECTORJ names another jar.
const connectorJ = "/usr/share/java/mariadb-java-client.jar"

// testConnectorJ compiles testdata/clients/ClientProbe.java and runs it
// with MariaDB Connector/J: DatabaseMetaData, server-side prepared
// statements with DATE and DATETIME parameters, and the exception
// classes the driver picks from SQLSTATE.
func testConnectorJ(t *testing.T, s *testServer, shop *clientShop) {
	javac := requireProgram(t, "javac", "apt-get install default-jdk-headless")
	java := requireProgram(t, "java", "apt-get install default-jdk-headless")
	jar := os.Getenv("COHORTDB_CONNECTORJ")
	if jar == "" {
		jar = connectorJ
	}
	if _, err := os.Stat(jar); err != nil {
		skipMissing(t, "MariaDB Connector/J not installed (apt-get install libmariadb-java)")
	}
	classes := t.TempDir()
	runTool(t, nil, javac, "-d", classes, clientScript(t, "ClientProbe.java"))
	host, port, _ := strings.Cut(s.Addr, ":")
	out := runTool(t, nil, java, "-cp", jar+string(os.PathListSeparator)+classes, "ClientProbe",
		host, port, "root", s.RootPassword)
	got := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), "=")
		got[k] = v
	}
	for _, name := range []string{"customers", "orders", "products"} {
		if !contains(strings.Split(got["tables"], ","), name) {
			t.Errorf("getTables: %q, no %s", got["tables"], name)
		}
	}
	want := map[string]string{
		// getColumns: as MariaDB answers for the same table (Connector/J
		// reports TINYINT(1) as BIT with tinyInt1isBit, its default).
		"column.customer_id":  "BIGINT,19,NO",
		"column.email":        "VARCHAR,254,YES",
		"column.signup_at":    "DATETIME,19,NO",
		"column.email_opt_in": "BIT,3,NO",
		"pk.customers":        "customer_id",
		"orders_from_march":   fmt.Sprint(shop.ordersFrom("2024-03-01")),
		"orders_from_april":   fmt.Sprint(shop.ordersFrom("2024-04-01")),
		"recency_11":          fmt.Sprint(daysBetween(t, shop.lastOrderDay(11), "2024-06-30")),
		"echo_date":           "2026-01-02",
		"echo_datetime":       "2026-01-02 03:04:05.5",
		"opt_in_class":        "Boolean",
		"signup_1":            shop.customers[0].signup + ".0",
		// SQLSTATE 42S02 and 23000 make these classes (HY000 would be
		// SQLTransientConnectionException).
		"error.missing_table": "SQLSyntaxErrorException,42S02,1146",
		"error.duplicate_key": "SQLIntegrityConstraintViolationException,23000,1062",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("Connector/J %s = %q, want %q", k, got[k], w)
		}
	}
}

// mysql2Version is the node mysql2 release the test installs.
const mysql2Version = "3.24.6"

// testMysql2 runs testdata/clients/mysql2.js with node's mysql2,
// installed from the npm registry into the user's cache directory once:
// execute with Date parameters, and a streamed result.
func testMysql2(t *testing.T, s *testServer, shop *clientShop) {
	node := requireProgram(t, "node", "apt-get install nodejs")
	modules := installMysql2(t)
	host, port, _ := strings.Cut(s.Addr, ":")
	cmd := exec.Command(node, clientScript(t, "mysql2.js"), host, port, "root", s.RootPassword)
	cmd.Env = append(os.Environ(), "NODE_PATH="+modules, "TZ=UTC")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node mysql2.js: %v\n%s", err, stderrOf(err))
	}
	var got map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("mysql2.js printed %q: %v", out, err)
	}
	var cents int64
	for _, o := range shop.orders {
		cents += o.amountCents()
	}
	want := map[string]any{
		"orders_from_march": float64(shop.ordersFrom("2024-03-01")),
		"recency_11":        float64(daysBetween(t, shop.lastOrderDay(11), "2024-06-30")),
		"echo":              "2026-01-02 03:04:05",
		"signup_1":          strings.Replace(shop.customers[0].signup, " ", "T", 1) + ".000Z",
		"streamed":          []any{float64(len(shop.orders)), float64(cents)},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("mysql2:\n got %v\nwant %v", got, want)
	}
}

// installMysql2 installs mysql2@mysql2Version with npm into a directory
// of the user's cache (reused by later runs) and returns its
// node_modules; it skips the test when npm or the registry is missing.
func installMysql2(t *testing.T) string {
	t.Helper()
	npm := requireProgram(t, "npm", "apt-get install npm")
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "cohortdb-test", "mysql2-"+mysql2Version)
	modules := filepath.Join(dir, "node_modules")
	if _, err := os.Stat(filepath.Join(modules, "mysql2", "package.json")); err == nil {
		return modules
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(npm, "install", "--no-audit", "--no-fund", "--no-save", "--prefix", dir, "mysql2@"+mysql2Version)
	if out, err := cmd.CombinedOutput(); err != nil {
		skipMissing(t, fmt.Sprintf("npm install mysql2@%s failed (no registry?): %v: %s", mysql2Version, err, lastLine(out)))
	}
	return modules
}

func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}

func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return lines[len(lines)-1]
}

// daysBetween is to − from in days (DATE texts).
func daysBetween(t *testing.T, from, to string) int {
	t.Helper()
	a, err1 := time.Parse(time.DateOnly, from)
	b, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil {
		t.Fatalf("daysBetween(%q, %q)", from, to)
	}
	return int(b.Sub(a).Hours() / 24)
}
