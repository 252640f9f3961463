package web

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dolthub/vitess/go/mysql"
)

// cacheBackend is a Backend with a Source: its one number, n, is the
// data version, so a result tells which version it was computed at.
// ana and carl hold the same privileges (scope "readers"); bob holds
// none (scope "nobody") and every statement refuses him with 1142.
type cacheBackend struct {
	mu      sync.Mutex
	version int
	ran     map[string]int // "user statement" → runs
	gate    chan struct{}  // when set, Query waits for it
	started chan string    // when set, Query sends the statement first
}

func newCacheBackend() *cacheBackend { return &cacheBackend{version: 1, ran: map[string]int{}} }

func (b *cacheBackend) Login(_ context.Context, user, pw string, _ net.Addr, _ bool) (Account, error) {
	if pw == "pw" && (user == "ana" || user == "bob" || user == "carl") {
		return Account{User: user, Host: "%"}, nil
	}
	return Account{}, mysql.NewSQLError(1045, "28000", "Access denied for user '%s'", user)
}

func (b *cacheBackend) Query(_ context.Context, acct Account, q string) (*Result, error) {
	b.mu.Lock()
	b.ran[acct.User+" "+q]++
	v, gate, started := b.version, b.gate, b.started
	b.mu.Unlock()
	if started != nil {
		started <- q
	}
	if gate != nil {
		<-gate
	}
	if acct.User == "bob" {
		return nil, mysql.NewSQLError(1142, "42000", "SELECT command denied to user 'bob'@'%%' for table 'orders'")
	}
	if q == latestDaySQL {
		return &Result{Columns: []Column{{Name: "as_of", Type: "date"}}, Rows: [][]*string{{ptr("2024-06-30")}}}, nil
	}
	if strings.Contains(q, " AS grid_segment") {
		return versionGroups(v, rfmGroupsCols), nil
	}
	if strings.Contains(q, " AS customer_group") {
		return versionGroups(v, clvGroupsCols), nil
	}
	return &Result{Columns: []Column{{Name: "n", Type: "bigint", Numeric: true}},
		Rows: [][]*string{{ptr(strconv.Itoa(v))}}}, nil
}

// The columns of the shared statements rfmGroups and clvGroups.
var (
	rfmGroupsCols = []string{"r", "fm", "grid_segment", "segment", "recency_from", "frequency", "revenue_from", "customers", "revenue"}
	clvGroupsCols = []string{"percentile_from", "customer_group", "churn_risk", "stage", "customers", "predicted_clv", "clv_customers", "p_alive", "alive_customers"}
)

// versionGroups is a result of a shared statement's columns with one
// group whose every value is v, so each chart derived from it starts its
// first row with v.
func versionGroups(v int, cols []string) *Result {
	res := &Result{Rows: [][]*string{{}}}
	for _, name := range cols {
		res.Columns = append(res.Columns, Column{Name: name, Type: "bigint", Numeric: true})
		res.Rows[0] = append(res.Rows[0], ptr(strconv.Itoa(v)))
	}
	return res
}

func (b *cacheBackend) DataVersion() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strconv.Itoa(b.version)
}

func (b *cacheBackend) Scope(_ context.Context, acct Account) (string, error) {
	if acct.User == "bob" {
		return "nobody", nil
	}
	return "readers", nil
}

func (b *cacheBackend) WarmAccounts() []Account { return []Account{{User: "ana", Host: "%"}} }

func (b *cacheBackend) change() {
	b.mu.Lock()
	b.version++
	b.mu.Unlock()
}

// runs counts the runs of statements containing part, as user.
func (b *cacheBackend) runs(user, part string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for k, c := range b.ran {
		if strings.HasPrefix(k, user+" ") && strings.Contains(k, part) {
			n += c
		}
	}
	return n
}

func cacheSite(t *testing.T) (*httptest.Server, *Server, *cacheBackend) {
	t.Helper()
	be := newCacheBackend()
	s, err := newServer(be, nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() { ts.Close(); s.close() })
	return ts, s, be
}

// getCached GETs u and returns the status, body and X-Cohortdb-Cache.
func getCached(t *testing.T, c *http.Client, u string) (int, string, string) {
	t.Helper()
	resp, body := get(t, c, u)
	return resp.StatusCode, body, resp.Header.Get("X-Cohortdb-Cache")
}

const stagesURL = "/api/lifecycle_stages?as_of=2024-06-30"

func TestCacheSecondLoadAnswersFromTheCache(t *testing.T) {
	ts, _, be := cacheSite(t)
	ana := client(t, ts, "ana", "pw")
	code, first, how := getCached(t, ana, ts.URL+stagesURL)
	if code != 200 || how != "miss" || !strings.Contains(first, `"rows":[[1]]`) {
		t.Fatalf("first load: %d %s %s", code, how, first)
	}
	code, second, how := getCached(t, ana, ts.URL+stagesURL)
	if code != 200 || how != "hit" || second != first {
		t.Errorf("second load: %d %s %s; want the first's body from the cache", code, how, second)
	}
	if n := be.runs("ana", "FROM customer_snapshot("); n != 1 {
		t.Errorf("the statement ran %d times for two loads, want 1", n)
	}
	// Same privileges, same answer: carl shares ana's result.
	carl := client(t, ts, "carl", "pw")
	if code, body, how := getCached(t, carl, ts.URL+stagesURL); code != 200 || how != "hit" || body != first {
		t.Errorf("carl (same privileges): %d %s %s", code, how, body)
	}
}

func TestCacheDataChangeShowsTheNewNumbers(t *testing.T) {
	ts, _, be := cacheSite(t)
	ana := client(t, ts, "ana", "pw")
	getCached(t, ana, ts.URL+stagesURL)
	be.change()
	code, body, how := getCached(t, ana, ts.URL+stagesURL)
	if code != 200 || how != "miss" || !strings.Contains(body, `"rows":[[2]]`) {
		t.Errorf("after a change: %d %s %s; want the new number, computed again", code, how, body)
	}
	if code, body, how := getCached(t, ana, ts.URL+stagesURL); how != "hit" || !strings.Contains(body, `"rows":[[2]]`) {
		t.Errorf("the new result is not kept: %d %s %s", code, how, body)
	}
}

func TestCacheNeverShowsAnotherScopesResult(t *testing.T) {
	ts, _, be := cacheSite(t)
	ana := client(t, ts, "ana", "pw")
	if code, _, _ := getCached(t, ana, ts.URL+stagesURL); code != 200 {
		t.Fatalf("ana: %d", code)
	}
	bob := client(t, ts, "bob", "pw")
	for i := 0; i < 2; i++ {
		code, body, how := getCached(t, bob, ts.URL+stagesURL)
		if code != http.StatusForbidden || !strings.Contains(body, `"code":1142`) || how != "miss" {
			t.Errorf("bob, load %d, after ana's result was cached: %d %s %s; want his own 1142", i+1, code, how, body)
		}
	}
	if n := be.runs("bob", "FROM customer_snapshot("); n != 2 {
		t.Errorf("bob's statement ran %d times, want 2 (refusals are not kept)", n)
	}
}

func TestCacheRunsOneStatementForConcurrentRequests(t *testing.T) {
	ts, s, be := cacheSite(t)
	ana := client(t, ts, "ana", "pw")
	gate, started := make(chan struct{}), make(chan string, 16)
	be.mu.Lock()
	be.gate, be.started = gate, started
	be.mu.Unlock()
	var wg sync.WaitGroup
	bodies := make([]string, 3)
	for i := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, bodies[i], _ = getCached(t, ana, ts.URL+stagesURL)
		}()
	}
	<-started
	for !s.cache.waitersAtLeast(3) { // all three joined the one computation
		time.Sleep(time.Millisecond)
	}
	close(gate)
	wg.Wait()
	if n := be.runs("ana", "FROM customer_snapshot("); n != 1 {
		t.Errorf("three concurrent requests ran the statement %d times, want 1", n)
	}
	for i, b := range bodies {
		if !strings.Contains(b, `"rows":[[1]]`) {
			t.Errorf("request %d: %s", i, b)
		}
	}
}

func TestWarmupComputesThePagesAfterStartAndChanges(t *testing.T) {
	ts, s, be := cacheSite(t)
	warmed := make(chan string, 8)
	s.warmEvery = time.Millisecond
	s.onWarm = func(v string) { warmed <- v }
	s.startWarmup()
	if v := <-warmed; v != "1" {
		t.Fatalf("warmed version %s, want 1", v)
	}
	reqs := warmRequests(context.Background(), be, Account{User: "ana", Host: "%"})
	if len(reqs) < len(endpoints)/2 {
		t.Fatalf("only %d requests warmed", len(reqs))
	}
	ana := client(t, ts, "ana", "pw")
	check := func(want string) {
		t.Helper()
		for _, r := range reqs {
			u := ts.URL + "/api/" + r.e.name + "?" + r.q.Encode()
			if code, body, how := getCached(t, ana, u); code != 200 || how != "hit" || !strings.Contains(body, want) {
				t.Errorf("%s after the warm-up: %d %s %s", u, code, how, body)
			}
		}
	}
	check(`"rows":[[1`) // [[1]], or [[1,1]] … for the eRFM and CLV charts

	be.change()
	if v := <-warmed; v != "2" {
		t.Fatalf("warmed version %s after a change, want 2", v)
	}
	check(`"rows":[[2`)
}
