package web

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/dolthub/vitess/go/mysql"
)

// fakeBackend knows two accounts: ana (password x, may read everything)
// and bob (password y, may read nothing: every statement is refused with
// 1142, as the engine refuses a missing SELECT privilege). Every
// statement answers the same small result.
type fakeBackend struct {
	mu      sync.Mutex
	queries []string
}

func (f *fakeBackend) Login(_ context.Context, user, pw string, _ net.Addr, _ bool) (Account, error) {
	if (user == "ana" && pw == "x") || (user == "bob" && pw == "y") {
		return Account{User: user, Host: "%"}, nil
	}
	return Account{}, mysql.NewSQLError(1045, "28000", "Access denied for user '%s'", user)
}

func (f *fakeBackend) Query(_ context.Context, acct Account, q string) (*Result, error) {
	f.mu.Lock()
	f.queries = append(f.queries, q)
	f.mu.Unlock()
	if acct.User == "bob" {
		return nil, mysql.NewSQLError(1142, "42000", "SELECT command denied to user 'bob'@'%%' for table 'orders'")
	}
	if q == latestDaySQL {
		return &Result{Columns: []Column{{Name: "as_of", Type: "date"}}, Rows: [][]*string{{ptr("2024-06-30")}}}, nil
	}
	return &Result{
		Columns: []Column{{Name: "name", Type: "varchar"}, {Name: "n", Type: "bigint", Numeric: true}, {Name: "v", Type: "decimal(20,2)", Numeric: true}},
		Rows:    [][]*string{{ptr("a,b"), ptr("3"), ptr("1234567890123.45")}, {nil, ptr("0"), nil}},
	}, nil
}

func (f *fakeBackend) ran() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.queries...)
}

func ptr(s string) *string { return &s }

// testSite serves a Server over a fakeBackend.
func testSite(t *testing.T) (*httptest.Server, *fakeBackend) {
	t.Helper()
	be := &fakeBackend{}
	s, err := newServer(be, nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts, be
}

// client returns an HTTP client with a cookie jar that does not follow
// redirects, logged in as user when user is not empty.
func client(t *testing.T, ts *httptest.Server, user, pw string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if user != "" {
		resp := postForm(t, c, ts.URL+"/login", url.Values{"user": {user}, "password": {pw}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("log in as %s: status %d", user, resp.StatusCode)
		}
	}
	return c
}

func postForm(t *testing.T, c *http.Client, u string, form url.Values) *http.Response {
	t.Helper()
	resp, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func get(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestLoginRequired(t *testing.T) {
	ts, be := testSite(t)
	c := client(t, ts, "", "")
	for _, p := range []string{"/lifecycle", "/rfm?as_of=2024-06-30", "/data"} {
		resp, _ := get(t, c, ts.URL+p)
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login?next=") {
			t.Errorf("GET %s without a session: %d %s; want a redirect to /login", p, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	resp, body := get(t, c, ts.URL+"/api/rfm_grid")
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, `"code":1045`) {
		t.Errorf("API without a session: %d %s", resp.StatusCode, body)
	}
	// A forged cookie is no session.
	u, _ := url.Parse(ts.URL)
	c.Jar.SetCookies(u, []*http.Cookie{{Name: cookieName, Value: "forged"}})
	if resp, _ := get(t, c, ts.URL+"/api/rfm_grid"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("API with a forged cookie: %d", resp.StatusCode)
	}
	if resp, _ := get(t, c, ts.URL+"/assets/app.js"); resp.StatusCode != http.StatusOK {
		t.Errorf("assets need no session: %d", resp.StatusCode)
	}
	if n := len(be.ran()); n != 0 {
		t.Errorf("%d statements ran without a session", n)
	}
}

func TestLoginCookieAndRefusals(t *testing.T) {
	ts, _ := testSite(t)
	c := client(t, ts, "", "")
	resp, err := c.PostForm(ts.URL+"/login", url.Values{"user": {"ana"}, "password": {"wrong"}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "Access denied for user") {
		t.Errorf("wrong password: %d, body lacks the MySQL error", resp.StatusCode)
	}
	if len(resp.Cookies()) != 0 {
		t.Errorf("wrong password set cookies %v", resp.Cookies())
	}

	resp = postForm(t, c, ts.URL+"/login", url.Values{"user": {"ana"}, "password": {"x"}, "next": {"//evil.example/"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/lifecycle" {
		t.Errorf("login: %d to %q; want 303 to /lifecycle (never another host)", resp.StatusCode, resp.Header.Get("Location"))
	}
	cookies := resp.Cookies()
	if len(cookies) != 1 || !cookies[0].HttpOnly || cookies[0].SameSite != http.SameSiteStrictMode || cookies[0].Name != cookieName {
		t.Errorf("session cookie %+v: want one HttpOnly SameSite=Strict cookie", cookies)
	}

	// A log-in posted from another site is refused.
	req, _ := http.NewRequest("POST", ts.URL+"/login", strings.NewReader("user=ana&password=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://evil.example")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site login: %d, want 403", resp.StatusCode)
	}
}

func TestLogoutNeedsToken(t *testing.T) {
	ts, _ := testSite(t)
	c := client(t, ts, "ana", "x")
	u, _ := url.Parse(ts.URL)
	session := c.Jar.Cookies(u)
	_, page := get(t, c, ts.URL+"/data")
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no log-out token on the page")
	}
	alive := func() bool {
		jar, _ := cookiejar.New(nil)
		jar.SetCookies(u, session)
		resp, _ := get(t, &http.Client{Jar: jar}, ts.URL+"/api/clv_models")
		return resp.StatusCode == http.StatusOK
	}
	postForm(t, c, ts.URL+"/logout", url.Values{})
	if !alive() {
		t.Error("a log-out without the token ended the session")
	}
	c.Jar.SetCookies(u, session)
	postForm(t, c, ts.URL+"/logout", url.Values{"csrf": {m[1]}})
	if alive() {
		t.Error("the session survived its log-out")
	}
}

func TestPrivilegeRefusal(t *testing.T) {
	ts, _ := testSite(t)
	c := client(t, ts, "bob", "y")
	resp, body := get(t, c, ts.URL+"/api/rfm_grid?as_of=2024-06-30")
	var e apiError
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		t.Fatalf("error body %q: %v", body, err)
	}
	if resp.StatusCode != http.StatusForbidden || e.Error.Code != 1142 || e.Error.SQLState != "42000" || !strings.Contains(e.Error.Message, "SELECT command denied") {
		t.Errorf("refused statement: %d %+v; want 403 with MySQL error 1142", resp.StatusCode, e)
	}
	// A page whose as-of day cannot be read says why, with the code.
	resp, body = get(t, c, ts.URL+"/rfm")
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "1142") || !strings.Contains(body, `role="alert"`) {
		t.Errorf("page without SELECT: %d; want 403 and the MySQL error in an alert", resp.StatusCode)
	}
}

func TestJSONShape(t *testing.T) {
	ts, be := testSite(t)
	c := client(t, ts, "ana", "x")
	resp, body := get(t, c, ts.URL+"/api/lifecycle_stages")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	var got struct {
		Endpoint string            `json:"endpoint"`
		Params   map[string]string `json:"params"`
		SQL      string            `json:"sql"`
		Columns  []Column          `json:"columns"`
		Rows     [][]json.RawMessage
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if got.Params["as_of"] != "2024-06-30" {
		t.Errorf("as_of %q: want the latest order day", got.Params["as_of"])
	}
	ran := be.ran()
	if got.SQL != ran[len(ran)-1] || !strings.Contains(got.SQL, "FROM customer_snapshot('stage', '2024-06-30')") {
		t.Errorf("sql %q; ran %q", got.SQL, ran[len(ran)-1])
	}
	want := [][]string{{`"a,b"`, `3`, `1234567890123.45`}, {`null`, `0`, `null`}}
	for i, row := range got.Rows {
		for j, v := range row {
			if string(v) != want[i][j] {
				t.Errorf("row %d col %d: %s, want %s (numbers exact, NULL null)", i, j, v, want[i][j])
			}
		}
	}
	_, csv := get(t, c, ts.URL+"/api/lifecycle_stages.csv?as_of=2024-06-30")
	if csv != "name,n,v\n\"a,b\",3,1234567890123.45\n,0,\n" {
		t.Errorf("CSV:\n%s", csv)
	}
}

func TestBadParametersNeverReachSQL(t *testing.T) {
	ts, be := testSite(t)
	c := client(t, ts, "ana", "x")
	for _, q := range []string{
		"/api/rfm_grid?as_of=2024-13-01",
		"/api/rfm_grid?as_of=2024-06-30'%20OR%201=1",
		"/api/snapshot?dimension=country%3BDROP",
		"/api/rfm_cell?as_of=2024-06-30&r=9",
		"/api/affinity_rules?min_support=abc",
		"/api/uplift?segment=a'b",
		"/api/top_products?as_of=2024-06-30&level=nope",
	} {
		resp, body := get(t, c, ts.URL+q)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `"code":1210`) {
			t.Errorf("GET %s: %d %s; want 400 with 1210", q, resp.StatusCode, body)
		}
	}
	if n := len(be.ran()); n != 0 {
		t.Errorf("%d statements ran for bad parameters: %q", n, be.ran())
	}
	if resp, _ := get(t, c, ts.URL+"/api/no_such"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown endpoint: %d", resp.StatusCode)
	}
}

// TestEndpointsSQL checks the statement of every endpoint for its
// defaults: built only from cohortdb's functions and tables, one
// statement, as_of filled in.
func TestEndpointsSQL(t *testing.T) {
	needs := map[string]string{
		"lifecycle_stages": "customer_snapshot('stage', '2024-06-30')", "lifecycle_movement": "customer_events('2024-06-01', '2024-06-30')",
		"lifecycle_lapsed": "new_vs_returning('2024-05-02', '2024-06-30', 'day')", "lifecycle_aov": "revenue_impact('2023-07-01', '2024-06-30', 'month', 'stage')",
		"rfm_grid": "rfm_segment(r,", "rfm_segments": "rfm('2024-06-30')", "rfm_cell": "WHERE r = 5 AND (f + m + 1) DIV 2 = 5",
		"erfm_profile": "erfm_profile(2)", "rfm_recency": "rfm('2024-06-30')", "rfm_frequency": "rfm(", "rfm_monetary": "FLOOR(monetary / 500) * 500",
		"snapshot": "customer_snapshot('lifecycle', '2024-06-30')", "matrix": "dimension_matrix('lifecycle', 'engagement', 'contacts', '2024-06-30')",
		"value_tiers": "customer_snapshot('value_tier'", "clv_distribution": "clv(365)", "clv_high_value": "clv(365)", "clv_churn": "clv(365)",
		"clv_alive_by_stage": "lifecycle('2024-06-30')", "clv_models": "FROM clv_models", "clv_evaluate": "clv_evaluate('2024-04-01', '2024-06-30')",
		"top_products":          "top_products('category_2', 's', '2023-07-02', '2024-06-30')",
		"top_products_by_stage": "top_products_by('stage', 'category_2', '2023-07-02', '2024-06-30', 5)", "affinity_rules": "affinity_rules('category_2', 0.01, 0)",
		"recommendations": "recommendations(1, 5)", "segments": "FROM segments", "segment_algebra": "segment_members('a', 'AND NOT', 'b')",
		"uplift": "uplift('s', NULL, NULL)", "uplift_interval": "conversion_ci_low AS ci_low, conversion_ci_high AS ci_high, conversion_p_value AS p_value FROM uplift('s', NULL, NULL)",
		"load_history": "FROM load_history", "data_quality": "data_quality(NULL, 0.2)",
	}
	q := url.Values{"as_of": {"2024-06-30"}, "a": {"a"}, "b": {"b"}, "segment": {"s"}}
	for _, e := range endpoints {
		a, err := parseArgs(e.params, q)
		if err != nil {
			t.Fatalf("%s: %v", e.name, err)
		}
		sql := e.sql(a)
		want, ok := needs[e.name]
		if !ok {
			t.Errorf("%s: no expectation in this test", e.name)
		}
		if !strings.Contains(sql, want) || strings.Contains(sql, ";") {
			t.Errorf("%s: %s\nwant it to contain %s", e.name, sql, want)
		}
	}
}

func TestPagesRender(t *testing.T) {
	ts, _ := testSite(t)
	c := client(t, ts, "ana", "x")
	for _, p := range pages {
		resp, _ := get(t, c, ts.URL+p.Path)
		if day := dayParam(p); day != "" {
			loc := resp.Header.Get("Location")
			if resp.StatusCode != http.StatusSeeOther || !strings.Contains(loc, day+"=2024-06-30") {
				t.Errorf("%s without as_of: %d %q; want a redirect naming the day", p.Path, resp.StatusCode, loc)
				continue
			}
			resp, _ = get(t, c, ts.URL+loc)
		}
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", p.Path, resp.StatusCode)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("%s: CSP %q", p.Path, csp)
		}
	}
}
