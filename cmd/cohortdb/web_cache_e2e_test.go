package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"testing"
)

// The insight pages' result cache over the real server: a second load
// answers from the cache, a change of the data shows the new numbers,
// and a result is shared only between accounts with the same privileges.
func TestInsightPagesCache(t *testing.T) {
	t.Parallel()
	requireBinary(t)
	s, base := startShopWithPages(t)
	root := s.root(t, "shop")
	for _, u := range []string{"viewer", "viewer2", "custonly"} {
		mustExec(t, root, "CREATE USER '"+u+"'@'%' IDENTIFIED BY 'pw'")
	}
	mustExec(t, root, "GRANT SELECT ON shop.* TO 'viewer'@'%'")
	mustExec(t, root, "GRANT SELECT ON shop.* TO 'viewer2'@'%'")
	mustExec(t, root, "GRANT SELECT ON shop.customers TO 'custonly'@'%'")
	viewer := textDB(t, s, "viewer", "pw")
	const ep = "api/rfm_segments"

	web := webClient(t, base, "viewer")
	first, how := apiGet(t, web, base+ep)
	again, how2 := apiGet(t, web, base+ep)
	if how2 != "hit" || again.body != first.body {
		t.Errorf("second load: %s (first %s), body %s; want the first's from the cache", how2, how, again.body)
	}
	compareRows(t, ep, first.Rows, queryText(t, viewer, first.SQL))

	// Another account with the same grants shares the result.
	if got, how := apiGet(t, webClient(t, base, "viewer2"), base+ep); how != "hit" || got.body != first.body {
		t.Errorf("viewer2 (same grants): %s %s", how, got.body)
	}
	// One without SELECT on orders gets its own refusal, not the result.
	custonly := webClient(t, base, "custonly")
	if got, _ := apiGet(t, custonly, base+ep); got.status != http.StatusForbidden || got.Error.Code != 1142 {
		t.Errorf("custonly after viewer's result was cached: %d %s; want 1142", got.status, got.body)
	}

	// A change of the data: the page shows the new numbers at once.
	var gone int64
	if err := viewer.QueryRow("SELECT MIN(customer_id) FROM rfm()").Scan(&gone); err != nil {
		t.Fatal(err)
	}
	mustExec(t, root, "DELETE FROM orders WHERE customer_id = ?", gone)
	after, how := apiGet(t, web, base+ep)
	if how != "miss" || after.body == first.body {
		t.Errorf("after DELETE: %s, unchanged %v", how, after.body == first.body)
	}
	compareRows(t, ep+" after DELETE", after.Rows, queryText(t, viewer, after.SQL))

	// Revoking viewer2's grants takes her off the shared result.
	mustExec(t, root, "REVOKE SELECT ON shop.* FROM 'viewer2'@'%'")
	mustExec(t, root, "GRANT SELECT ON shop.customers TO 'viewer2'@'%'")
	if got, _ := apiGet(t, webClient(t, base, "viewer2"), base+ep); got.status != http.StatusForbidden || got.Error.Code != 1142 {
		t.Errorf("viewer2 after REVOKE: %d %s; want 1142", got.status, got.body)
	}
}

// apiAnswer is an endpoint's answer: rows or an error.
type apiAnswer struct {
	status int
	body   string
	SQL    string  `json:"sql"`
	Rows   [][]any `json:"rows"`
	Error  struct {
		Code int `json:"code"`
	} `json:"error"`
}

// webClient logs user (password pw) in to the pages at base.
func webClient(t *testing.T, base, user string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(base+"login", url.Values{"user": {user}, "password": {"pw"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("log in as %s: %d", user, resp.StatusCode)
	}
	return c
}

// apiGet GETs an endpoint and returns its answer and X-Cohortdb-Cache.
func apiGet(t *testing.T, c *http.Client, u string) (apiAnswer, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	a := apiAnswer{status: resp.StatusCode, body: string(b)}
	d := json.NewDecoder(bytes.NewReader(b))
	if err := d.Decode(&a); err != nil {
		t.Fatalf("GET %s: %v\n%s", u, err, b)
	}
	return a, resp.Header.Get("X-Cohortdb-Cache")
}
