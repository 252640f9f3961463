package harness

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// The insight pages (issue 26, server/web): how long each page of
// `cohortdb serve --http` takes to load after a warm-up, the way a browser
// loads it — the page, then every JSON endpoint its charts draw from, at
// most six at a time (a browser's connections per host), each endpoint
// once. The time runs from the page request to the last endpoint's body
// read; drawing in the browser is not in it (the browser test,
// TestInsightPagesInBrowser, logs the whole time per page on a small shop).

// WebPage is one insight page timed: its ID (W1...), as Config.Queries
// selects it, and its URL path with the parameters a marketer would give.
type WebPage struct {
	ID, Title, Path string
}

// Segments the pages' setup saves for the Segments page (set algebra and
// uplift need two segments, one with a control group).
const (
	webSegA = "web_recent"
	webSegB = "web_big"
)

// webPages are the pages timed, every page of docs/web.md.
var webPages = []WebPage{
	{ID: "W1", Title: "Lifecycle", Path: "/lifecycle"},
	{ID: "W2", Title: "eRFM", Path: "/rfm"},
	{ID: "W3", Title: "eRFM cell (r = 5, fm = 5)", Path: "/rfm/cell?r=5&fm=5"},
	{ID: "W4", Title: "Snapshot (lifecycle × engagement)", Path: "/snapshot"},
	{ID: "W5", Title: "CLV and churn", Path: "/clv"},
	{ID: "W6", Title: "Affinity (category_2)", Path: "/affinity"},
	{ID: "W7", Title: "Segments (algebra and uplift)", Path: "/segments?a=" + webSegA + "&b=" + webSegB + "&segment=" + webSegA},
	{ID: "W8", Title: "Data", Path: "/data"},
}

// webTarget is issue 26's goal for every page on S2.
const webTarget = time.Second

// PageRun is what one page measured: the median of its timed loads and,
// in the slowest timed load, its slowest endpoint.
type PageRun struct {
	WebPage
	URL       string // the page as loaded, as_of resolved
	Endpoints int
	Timing    Timing
	Slowest   string // endpoint path
	SlowestIn time.Duration
}

// webPageIDs are the IDs Config.Queries can select.
func webPageIDs() []string {
	ids := make([]string, len(webPages))
	for i, p := range webPages {
		ids[i] = p.ID
	}
	return ids
}

// pages reports whether this run times the insight pages (they need
// cohortdb and the tables the analytics read).
func (r *Run) pages() bool {
	return r.extraTablesAllowed() && slices.ContainsFunc(webPageIDs(), r.selected)
}

// pagesURL matches the server's log line naming the pages' address.
var pagesURL = regexp.MustCompile(`insight pages: open (http://\S+/) `)

// runPages sets up what the pages show (a CLV model when none is fitted
// yet, two segments and a control group), logs in as root and times each
// selected page.
func (r *Run) runPages(ctx context.Context, c *Cohort) {
	base, err := c.pagesBase()
	if err == nil {
		err = webSetup(ctx, c)
	}
	var client *http.Client
	if err == nil {
		client, err = webLogin(ctx, base, "root", cohortPassword)
	}
	if err != nil {
		r.Failures = append(r.Failures, "cohortdb: insight pages: "+err.Error())
		return
	}
	for _, p := range webPages {
		if !r.selected(p.ID) {
			continue
		}
		pr := r.timePage(ctx, client, base, p)
		r.Pages = append(r.Pages, pr)
		if pr.Timing.Err != "" {
			r.Failures = append(r.Failures, fmt.Sprintf("cohortdb page %s %s: %s", p.ID, p.Path, pr.Timing.Err))
		}
		r.logf("%-10s %-3s %s %s", "pages", p.ID, p.Path, pr.Timing)
	}
}

// pagesBase waits for the log line with the pages' address.
func (c *Cohort) pagesBase() (string, error) {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := pagesURL.FindStringSubmatch(c.log.String()); m != nil {
			return strings.TrimSuffix(m[1], "/"), nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return "", fmt.Errorf("the server never logged the insight pages' address (started without --http?)")
}

// webSetup saves what the CLV and Segments pages need.
func webSetup(ctx context.Context, c *Cohort) error {
	var models int
	if err := c.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM clv_models").Scan(&models); err != nil || models == 0 {
		if err := execAll(ctx, c.db, "CALL clv_fit()"); err != nil {
			return err
		}
	}
	return execAll(ctx, c.db,
		"CALL create_segment('"+webSegA+"', 'SELECT customer_id FROM rfm() WHERE r >= 3')",
		"CALL create_segment('"+webSegB+"', 'SELECT customer_id FROM rfm() WHERE m >= 4')",
		"CALL create_control_group('"+webSegA+"', 10, 1)")
}

// webLogin logs in and returns a client holding the session cookie.
func webLogin(ctx context.Context, base, user, password string) (*http.Client, error) {
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 5 * time.Minute}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/login",
		strings.NewReader(url.Values{"user": {user}, "password": {password}}.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("log in: %w", err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	u, _ := url.Parse(base)
	if len(jar.Cookies(u)) == 0 {
		return nil, fmt.Errorf("log in as %s: HTTP %d and no session cookie", user, resp.StatusCode)
	}
	return client, nil
}

// timePage loads p once as the warm-up (its as_of resolved by the
// page's redirect), then up to Config.Runs times within the budget.
func (r *Run) timePage(ctx context.Context, client *http.Client, base string, p WebPage) PageRun {
	pr := PageRun{WebPage: p}
	warm, err := loadPage(ctx, client, base+p.Path)
	if err != nil {
		pr.Timing = Timing{Err: err.Error()}
		return pr
	}
	pr.URL, pr.Endpoints = warm.url, len(warm.endpoints)
	collectGarbage()
	var samples []time.Duration
	var spent time.Duration
	for len(samples) < r.Config.Runs && (len(samples) == 0 || spent < r.Config.Budget) {
		l, err := loadPage(ctx, client, pr.URL)
		if err != nil {
			pr.Timing = Timing{Err: err.Error()}
			return pr
		}
		samples = append(samples, l.took)
		spent += l.took
		if l.took >= slices.Max(samples) {
			pr.Slowest, pr.SlowestIn = l.slowest()
		}
	}
	pr.Timing = Timing{Median: median(samples), Runs: len(samples)}
	return pr
}

// pageLoad is one load of a page.
type pageLoad struct {
	url       string // the page after redirects
	took      time.Duration
	endpoints map[string]time.Duration // endpoint path → its request's time
}

func (l pageLoad) slowest() (string, time.Duration) {
	var name string
	var most time.Duration
	for e, d := range l.endpoints {
		if d > most || d == most && e < name {
			name, most = e, d
		}
	}
	return name, most
}

// chartSpec is what a page's <figure data-chart> says of its endpoints.
type chartSpec struct {
	URLs     []string `json:"urls"`
	MarksURL string   `json:"marksURL"`
}

var dataChart = regexp.MustCompile(`data-chart="([^"]*)"`)

// loadPage gets the page, then every endpoint its charts name, six at a
// time; any HTTP error fails it.
func loadPage(ctx context.Context, client *http.Client, pageURL string) (pageLoad, error) {
	start := time.Now()
	body, final, err := get(ctx, client, pageURL)
	if err != nil {
		return pageLoad{}, err
	}
	var urls []string
	for _, m := range dataChart.FindAllStringSubmatch(body, -1) {
		var spec chartSpec
		if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &spec); err != nil {
			return pageLoad{}, fmt.Errorf("%s: a chart's spec: %w", pageURL, err)
		}
		for _, u := range append(spec.URLs, spec.MarksURL) {
			if u != "" && !slices.Contains(urls, u) {
				urls = append(urls, u)
			}
		}
	}
	if len(urls) == 0 {
		return pageLoad{}, fmt.Errorf("%s: no chart on the page", pageURL)
	}
	origin := final.Scheme + "://" + final.Host
	l := pageLoad{url: final.String(), endpoints: map[string]time.Duration{}}
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	slots := make(chan struct{}, 6)
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			t0 := time.Now()
			_, _, err := get(ctx, client, origin+u)
			took := time.Since(t0)
			mu.Lock()
			defer mu.Unlock()
			l.endpoints[strings.SplitN(u, "?", 2)[0]] = took
			if err != nil && firstErr == nil {
				firstErr = err
			}
		}()
	}
	wg.Wait()
	l.took = time.Since(start)
	return l, firstErr
}

// get reads u's body; a status other than 200 is an error with the body
// (the endpoint's MySQL error).
func get(ctx context.Context, client *http.Client, u string) (string, *url.URL, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return "", nil, fmt.Errorf("GET %s: HTTP %d: %s", u, resp.StatusCode, oneLine(string(b), 200))
	}
	return string(b), resp.Request.URL, nil
}

// writePagesTable renders the page timings against issue 26's target.
func (r *Run) writePagesTable(b *strings.Builder) {
	if len(r.Pages) == 0 {
		return
	}
	fmt.Fprintf(b, "Insight pages (issue 26, `serve --http`): each page loaded as a browser loads it — the page, then each JSON endpoint its charts draw from once, six at a time — logged in as root, after one warm-up load; time from the page request to the last endpoint's response read (drawing in the browser not included); median of up to %d loads within %v. Slowest endpoint: in the slowest timed load.\n\n", r.Config.Runs, r.Config.Budget)
	b.WriteString("| page | endpoints | load | slowest endpoint | target (issue 26, on S2) | met |\n|---|---:|---:|---|---|---|\n")
	for _, p := range r.Pages {
		slow, met := "—", "—"
		if p.Slowest != "" {
			slow = fmt.Sprintf("`%s` %s", p.Slowest, ms(p.SlowestIn))
		}
		if p.Timing.Err == "" && p.Timing.Runs > 0 {
			met = yesNo(true, p.Timing.Median < webTarget)
		}
		fmt.Fprintf(b, "| %s %s `%s` | %d | %s | %s | < %v | %s |\n", p.ID, p.Title, p.Path, p.Endpoints,
			cellText(p.Timing, 0), slow, webTarget, met)
	}
	b.WriteString("\n")
}
