package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

var lookPath = exec.LookPath

// browser is one headless chromium tab and the errors it logged.
type browser struct {
	ctx context.Context

	mu     sync.Mutex
	errors []string
}

func newBrowser(t *testing.T, path string) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.WindowSize(1280, 1000), chromedp.Flag("lang", "en-US"))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	b := &browser{ctx: ctx}
	chromedp.ListenTarget(ctx, b.onEvent)
	// The first Run starts the browser, which lives as long as that
	// call's context: b.ctx itself, not one with a deadline.
	if err := chromedp.Run(ctx, cdplog.Enable()); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	return b
}

// onEvent keeps every error the page reports: uncaught exceptions,
// console.error, and the browser's own log errors (failed requests,
// Content-Security-Policy violations).
func (b *browser) onEvent(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		msg = "exception: " + ev.ExceptionDetails.Text
		if ev.ExceptionDetails.Exception != nil {
			msg += " " + ev.ExceptionDetails.Exception.Description
		}
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.APITypeError {
			return
		}
		var parts []string
		for _, a := range ev.Args {
			parts = append(parts, string(a.Value))
		}
		msg = "console.error: " + strings.Join(parts, " ")
	case *cdplog.EventEntryAdded:
		if ev.Entry.Level != cdplog.LevelError {
			return
		}
		msg = "log: " + ev.Entry.Text + " " + ev.Entry.URL
	default:
		return
	}
	b.mu.Lock()
	b.errors = append(b.errors, msg)
	b.mu.Unlock()
}

func (b *browser) run(actions ...chromedp.Action) error {
	ctx, cancel := browserCtx(b.ctx)
	defer cancel()
	return chromedp.Run(ctx, actions...)
}

// takeErrors returns and forgets the errors logged so far.
func (b *browser) takeErrors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	e := b.errors
	b.errors = nil
	return e
}

func (b *browser) noConsoleErrors(t *testing.T) {
	t.Helper()
	for _, e := range b.takeErrors() {
		t.Errorf("browser error: %s", e)
	}
}

func (b *browser) login(t *testing.T, base, user, pw string) {
	t.Helper()
	var path string
	err := b.run(
		chromedp.Navigate(base+"login"),
		chromedp.WaitVisible("#user", chromedp.ByID),
		chromedp.SendKeys("#user", user, chromedp.ByID),
		chromedp.SendKeys("#password", pw, chromedp.ByID),
		chromedp.Submit("#password", chromedp.ByID),
		chromedp.WaitVisible("nav", chromedp.ByQuery),
		chromedp.Evaluate("location.pathname", &path),
	)
	if err != nil || path != "/lifecycle" {
		t.Fatalf("log in as %s: landed on %q, %v", user, path, err)
	}
}

// chartsDone is true when no figure is still loading.
const chartsDone = `Array.from(document.querySelectorAll("figure[data-chart]")).every(f => f.dataset.state !== "loading")`

// open navigates to u and waits for every chart; it returns how long
// that took (reported, never asserted).
func (b *browser) open(t *testing.T, u string) time.Duration {
	t.Helper()
	start := time.Now()
	var done bool
	err := b.run(chromedp.Navigate(u), chromedp.WaitReady("body", chromedp.ByQuery),
		chromedp.Poll(chartsDone, &done, chromedp.WithPollingInterval(50*time.Millisecond)))
	if err != nil || !done {
		t.Fatalf("open %s: %v", u, err)
	}
	return time.Since(start)
}

// figure is what the page says about one chart.
type figure struct {
	ID    string `json:"id"`
	State string `json:"state"`
	Error string `json:"error"`
	Spec  struct {
		URLs   []string `json:"urls"`
		Kind   string   `json:"kind"`
		X      []string `json:"x"`
		Y      []string `json:"y"`
		Series string   `json:"series"`
		Value  string   `json:"value"`
		Low    string   `json:"low"`
		High   string   `json:"high"`
		Marks  string   `json:"marks"`
	} `json:"spec"`
	Canvas bool `json:"canvas"`
	Drawn  struct {
		Columns []string `json:"columns"`
		Rows    [][]any  `json:"rows"`
		Series  []struct {
			Name string `json:"name"`
			Data []any  `json:"data"`
		} `json:"series"`
		Categories []any `json:"categories"`
		Marks      []struct {
			Value float64 `json:"value"`
		} `json:"marks"`
	} `json:"drawn"`
	SQL []string `json:"sql"`
	// Table is the table view's cells (without a click-through column);
	// CSV the text behind its Download CSV link (empty when the link is
	// not a download of a blob).
	Table [][]string `json:"table"`
	CSV   string     `json:"csv"`
}

// figuresJS lists the page's charts, with the statements behind them as
// their endpoints report them.
const figuresJS = `Promise.all(Array.from(document.querySelectorAll("figure[data-chart]")).map(async f => {
  const spec = JSON.parse(f.dataset.chart);
  const sql = await Promise.all(spec.urls.map(u => fetch(u).then(r => r.json()).then(j => j.sql || "")));
  const c = f.querySelector(".plot canvas");
  const drawn = window.cohortdb.charts[spec.id] || {};
  const n = (drawn.columns || []).length;
  const tb = f.querySelector(".table-wrap table tbody");
  const table = tb ? Array.from(tb.rows).map(tr => Array.from(tr.cells).slice(0, n).map(td => td.textContent)) : null;
  const a = f.querySelector("a.csv");
  const csv = a && a.href.startsWith("blob:") && a.hasAttribute("download") ? drawn.csv || "" : "";
  return {id: spec.id, state: f.dataset.state, error: f.dataset.error || "", spec: spec,
          canvas: !!c && c.width > 0 && c.height > 0, drawn: drawn, sql: sql, table: table, csv: csv};
}))`

func (b *browser) figures(t *testing.T) []figure {
	t.Helper()
	var figs []figure
	if err := b.run(chromedp.Evaluate(figuresJS, &figs, awaitPromise)); err != nil {
		t.Fatalf("read the page's charts: %v", err)
	}
	return figs
}

func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }

// checkCharts checks every chart of the page: drawn (canvas and all),
// its rows equal to the same SQL over the MySQL port, and its series
// equal to those rows.
func (b *browser) checkCharts(t *testing.T, db *sql.DB) {
	t.Helper()
	figs := b.figures(t)
	if len(figs) == 0 {
		t.Fatal("the page has no chart")
	}
	for _, f := range figs {
		if f.State != "drawn" {
			t.Errorf("chart %s: state %q (%s), want drawn", f.ID, f.State, f.Error)
			continue
		}
		if f.Spec.Kind != "table" && !f.Canvas {
			t.Errorf("chart %s: no canvas drawn", f.ID)
		}
		var want [][]*string
		for _, q := range f.SQL {
			want = append(want, queryText(t, db, q)...)
		}
		compareRows(t, f.ID, f.Drawn.Rows, want)
		checkTableAndCSV(t, f)
		checkSeries(t, f)
		if f.Spec.Marks != "" {
			checkMarks(t, db, f)
		}
	}
}

// checkTableAndCSV checks the chart's table view and CSV download hold
// exactly the rows it drew: the CSV's header is the columns, each of its
// records the table row's cells (the table shows NULL where the CSV
// leaves the field empty).
func checkTableAndCSV(t *testing.T, f figure) {
	t.Helper()
	if len(f.Table) != len(f.Drawn.Rows) {
		t.Errorf("chart %s: table view has %d rows, the chart drew %d", f.ID, len(f.Table), len(f.Drawn.Rows))
		return
	}
	recs, err := csv.NewReader(strings.NewReader(f.CSV)).ReadAll()
	if err != nil || len(recs) != len(f.Table)+1 {
		t.Errorf("chart %s: CSV download: %d records, %v; want a header and %d rows", f.ID, len(recs), err, len(f.Table))
		return
	}
	if !slices.Equal(recs[0], f.Drawn.Columns) {
		t.Errorf("chart %s: CSV header %v, want %v", f.ID, recs[0], f.Drawn.Columns)
	}
	for i, cells := range f.Table {
		for j, c := range cells {
			if c == "NULL" {
				c = ""
			}
			if j >= len(recs[i+1]) || recs[i+1][j] != c {
				t.Errorf("chart %s: CSV row %d = %v, table row %v", f.ID, i, recs[i+1], cells)
				break
			}
		}
	}
}

// checkMarks checks a distribution marks the profiler's breaks, as
// erfm_profile() lists them over the MySQL port.
func checkMarks(t *testing.T, db *sql.DB, f figure) {
	t.Helper()
	var breaks string
	if err := db.QueryRow("SELECT value FROM erfm_profile() WHERE parameter = ?", f.Spec.Marks).Scan(&breaks); err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(breaks, ",")
	if len(f.Drawn.Marks) != len(parts) {
		t.Errorf("chart %s: %d break lines, the profile has %q", f.ID, len(f.Drawn.Marks), breaks)
		return
	}
	for i, p := range parts {
		if v, _ := strconv.ParseFloat(p, 64); v != f.Drawn.Marks[i].Value {
			t.Errorf("chart %s: break line %d at %v, the profile says %s", f.ID, i, f.Drawn.Marks[i].Value, p)
		}
	}
}

func queryText(t *testing.T, db *sql.DB, q string) [][]*string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s over the MySQL port: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]*string
	for rows.Next() {
		raw := make([]sql.RawBytes, len(cols))
		ptrs := make([]any, len(cols))
		for i := range raw {
			ptrs[i] = &raw[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]*string, len(cols))
		for i, r := range raw {
			if r != nil {
				s := string(r)
				row[i] = &s
			}
		}
		out = append(out, row)
	}
	return out
}

// compareRows compares drawn values (JSON numbers, strings, null) with
// the wire's text: numbers to 1e-12 relative (JavaScript prints doubles
// its own way), text exactly.
func compareRows(t *testing.T, id string, got [][]any, want [][]*string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("chart %s: %d rows drawn, the SQL returns %d", id, len(got), len(want))
		return
	}
	for i := range got {
		for j := range got[i] {
			if !sameValue(got[i][j], want[i][j]) {
				t.Errorf("chart %s row %d col %d: drew %v, the SQL returns %v", id, i, j, got[i][j], deref(want[i][j]))
			}
		}
	}
}

func sameValue(got any, want *string) bool {
	switch g := got.(type) {
	case nil:
		return want == nil
	case float64:
		if want == nil {
			return false
		}
		w, err := strconv.ParseFloat(*want, 64)
		return err == nil && (g == w || math.Abs(g-w) <= 1e-12*math.Max(math.Abs(g), math.Abs(w)))
	case string:
		return want != nil && g == *want
	}
	return false
}

func deref(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

// checkSeries checks that the chart drew its rows: each bar is its
// row's value, each heatmap cell its row's value, each line point its
// row's value at its category.
func checkSeries(t *testing.T, f figure) {
	t.Helper()
	col := func(name string) int {
		for i, c := range f.Drawn.Columns {
			if c == name {
				return i
			}
		}
		t.Fatalf("chart %s: no column %s", f.ID, name)
		return -1
	}
	switch f.Spec.Kind {
	case "bar", "interval":
		for k, y := range f.Spec.Y {
			yi := col(y)
			for i, row := range f.Drawn.Rows {
				if got := f.Drawn.Series[k].Data[i]; got != row[yi] {
					t.Errorf("chart %s: bar %d of %s is %v, row says %v", f.ID, i, y, got, row[yi])
				}
			}
		}
		if f.Spec.Kind == "interval" {
			checkWhiskers(t, f, col(f.Spec.Low), col(f.Spec.High))
		}
	case "heatmap":
		vi := col(f.Spec.Value)
		for i, row := range f.Drawn.Rows {
			cell, _ := f.Drawn.Series[0].Data[i].([]any)
			if len(cell) != 3 || cell[2] != row[vi] {
				t.Errorf("chart %s: cell %d is %v, row says %v", f.ID, i, cell, row[vi])
			}
		}
	case "line":
		xi, yi, si := col(f.Spec.X[0]), col(f.Spec.Y[0]), col(f.Spec.Series)
		for _, row := range f.Drawn.Rows {
			if !linePoint(f, row[si], row[xi], row[yi]) {
				t.Errorf("chart %s: no point %v at %v in series %v", f.ID, row[yi], row[xi], row[si])
			}
		}
	}
}

// checkWhiskers checks an interval chart's whiskers, the series after
// its bars: each its row's bar index, lower and upper bound.
func checkWhiskers(t *testing.T, f figure, lo, hi int) {
	t.Helper()
	if len(f.Drawn.Series) != len(f.Spec.Y)+1 {
		t.Errorf("chart %s: %d series, want the bars and one of whiskers", f.ID, len(f.Drawn.Series))
		return
	}
	w := f.Drawn.Series[len(f.Spec.Y)].Data
	for i, row := range f.Drawn.Rows {
		got, _ := w[i].([]any)
		if len(got) != 3 || got[0] != float64(i) || got[1] != row[lo] || got[2] != row[hi] {
			t.Errorf("chart %s: whisker %d is %v, row says %v to %v", f.ID, i, w[i], row[lo], row[hi])
		}
	}
}

func linePoint(f figure, series, x, y any) bool {
	for _, s := range f.Drawn.Series {
		if s.Name != series {
			continue
		}
		for i, c := range f.Drawn.Categories {
			if c == x {
				return s.Data[i] == y
			}
		}
	}
	return false
}

// clickFirstCellLink follows the R × FM grid's first click-through and
// waits for the cell's page.
func (b *browser) clickFirstCellLink(t *testing.T) {
	t.Helper()
	var path string
	var done bool
	err := b.run(
		chromedp.Click("#chart-grid details summary", chromedp.ByQuery),
		chromedp.Click("#chart-grid table tbody a", chromedp.ByQuery),
		chromedp.WaitVisible("#chart-cell", chromedp.ByQuery),
		chromedp.Poll(chartsDone, &done),
		chromedp.Evaluate("location.pathname", &path),
	)
	if err != nil || path != "/rfm/cell" {
		t.Fatalf("click through to a cell: on %q, %v", path, err)
	}
}

// checkRefused checks every chart shows the statement's refusal with
// its MySQL code.
func (b *browser) checkRefused(t *testing.T, code string) {
	t.Helper()
	for _, f := range b.figures(t) {
		if f.State != "error" || !strings.Contains(f.Error, code) {
			t.Errorf("chart %s: state %q error %q; want the MySQL error %s shown", f.ID, f.State, f.Error, code)
		}
	}
	b.takeErrors() // the refused requests are logged as failed loads
}

func (b *browser) screenshot(t *testing.T, path string) {
	t.Helper()
	var png []byte
	if err := b.run(chromedp.FullScreenshot(&png, 100)); err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// submitForm types values into the fields named by their selectors,
// submits the form of the last one and waits for the next page; it fails
// unless that page shows selector want.
func (b *browser) submitForm(t *testing.T, fields map[string]string, want string) {
	t.Helper()
	// Filled and submitted by one script in the page rather than by
	// DevTools node IDs: under a loaded CI the page's scripts replaced a
	// node between lookup and action ("No node with given id found"),
	// even with retries. The fields must be there and visible first.
	sels := make([]string, 0, len(fields))
	for sel := range fields {
		sels = append(sels, sel)
	}
	slices.Sort(sels)
	quoted, _ := json.Marshal(sels)
	b.waitFor(t, `(s => s.every(q => { const e = document.querySelector(q); return e && e.offsetParent !== null; }))(`+string(quoted)+`)`)
	values, _ := json.Marshal(fields)
	// The page being left is marked: its own notice (of the action
	// before) must not pass for the next page's, or the test reads the
	// database before the action ran.
	script := `(f => {
		let last = null;
		for (const q of Object.keys(f).sort()) {
			const e = document.querySelector(q);
			if (!e) return false;
			e.value = f[q];
			last = e;
		}
		document.documentElement.dataset.left = "1";
		last.form.requestSubmit();
		return true;
	})(` + string(values) + `)`
	var submitted bool
	err := b.run(chromedp.Evaluate(script, &submitted))
	for try := 0; try < 5 && err != nil && strings.Contains(err.Error(), "No node with given id"); try++ {
		// The frame's document was replaced after the last navigation
		// before the script could run (a loaded CI): it did not run.
		time.Sleep(200 * time.Millisecond)
		b.waitFor(t, `(s => s.every(q => { const e = document.querySelector(q); return e && e.offsetParent !== null; }))(`+string(quoted)+`)`)
		err = b.run(chromedp.Evaluate(script, &submitted))
	}
	if err != nil || !submitted {
		t.Fatalf("submit %v: %v (submitted %v)", fields, err, submitted)
	}
	b.waitFor(t, `!document.documentElement.dataset.left && !!document.querySelector("#notice, #action-error, #page-error")`)
	// Read by a script, not by DevTools node IDs: the node found by a
	// lookup was gone by the time its text was asked for on a loaded CI.
	var got struct {
		Text string
		OK   bool
	}
	read := `({Text: document.querySelector("#notice, #action-error, #page-error").innerText, OK: !!document.querySelector(` + strconv.Quote(want) + `)})`
	err = b.run(chromedp.Evaluate(read, &got))
	for try := 0; try < 5 && err != nil; try++ {
		time.Sleep(200 * time.Millisecond)
		b.waitFor(t, `!document.documentElement.dataset.left && !!document.querySelector("#notice, #action-error, #page-error")`)
		err = b.run(chromedp.Evaluate(read, &got))
	}
	if err != nil {
		t.Fatalf("submit %v: %v", fields, err)
	}
	if !got.OK {
		t.Fatalf("submit %v: the page says %q, want %s", fields, got.Text, want)
	}
}

// waitFor evaluates cond until it is true, across navigations (an
// evaluation in a page being replaced fails and is retried).
func (b *browser) waitFor(t *testing.T, cond string) {
	t.Helper()
	ctx, cancel := browserCtx(b.ctx)
	defer cancel()
	for {
		var ok bool
		if err := chromedp.Run(ctx, chromedp.Evaluate(cond, &ok)); err == nil && ok {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("waiting for %s: %v", cond, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}
