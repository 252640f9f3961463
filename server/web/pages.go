package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

// page is one insight page: a form of parameters (kept in the URL, so a
// page can be shared) and charts, each drawn in the browser from JSON
// endpoints.
type page struct {
	Path, Title, Intro string
	Params             []param
	Charts             []chart
}

// chart is one figure. The browser fetches every endpoint of it with the
// page's parameters (renamed by Rename: endpoint param → page param),
// concatenates their rows and draws them; the same rows are its table
// view and its CSV download.
type chart struct {
	ID        string            `json:"id"`
	Title     string            `json:"title"`
	Endpoints []string          `json:"-"`
	URLs      []string          `json:"urls"`
	Kind      string            `json:"kind"`                // bar, line, heatmap, interval, table
	X         []string          `json:"x,omitempty"`         // category columns, joined with " · "
	Y         []string          `json:"y,omitempty"`         // value columns (bar, line)
	Series    string            `json:"series,omitempty"`    // line: a column splitting the series
	Value     string            `json:"value,omitempty"`     // heatmap: cell value
	Low       string            `json:"low,omitempty"`       // interval: the column of each bar's lower bound
	High      string            `json:"high,omitempty"`      // interval: the column of each bar's upper bound
	Label     string            `json:"label,omitempty"`     // heatmap: cell label column
	Link      string            `json:"link,omitempty"`      // heatmap: click-through URL, {col} filled from the row
	Marks     string            `json:"marks,omitempty"`     // erfm_profile parameter whose breaks are marked on the x axis
	MarksURL  string            `json:"marksURL,omitempty"`  // the profile endpoint (filled in)
	BandWidth int               `json:"bandWidth,omitempty"` // x categories are bands of this width (1: exact values)
	Rename    map[string]string `json:"-"`
	Fixed     map[string]string `json:"-"` // endpoint params this chart always sets (two charts of one endpoint)
	Requires  []string          `json:"-"` // page params without which the chart is not drawn
	Hint      string            `json:"-"` // shown instead when a required param is missing
	Available bool              `json:"-"`
}

var pages = []*page{
	{Path: "/lifecycle", Title: "Lifecycle",
		Intro:  "Contacts and revenue per Emarsys lifecycle stage, movement between stages over the last 30 days, and the average order by stage over time.",
		Params: []param{asOfParam},
		Charts: []chart{
			{ID: "stages", Title: "Contacts and customers per stage", Endpoints: []string{"lifecycle_stages"}, Kind: "bar", X: []string{"stage"}, Y: []string{"contacts", "customers"}},
			{ID: "stage_revenue", Title: "Revenue per stage", Endpoints: []string{"lifecycle_stages"}, Kind: "bar", X: []string{"stage"}, Y: []string{"revenue"}},
			{ID: "movement", Title: "Movement in the last 30 days (against the 30 days before)", Endpoints: []string{"lifecycle_movement", "lifecycle_lapsed"}, Kind: "bar", X: []string{"event"}, Y: []string{"customers", "compare_customers"}},
			{ID: "aov", Title: "Average order value by stage before the order, per month", Endpoints: []string{"lifecycle_aov"}, Kind: "line", X: []string{"period_start"}, Series: "stage", Y: []string{"avg_order_value"}},
		}},
	{Path: "/rfm", Title: "eRFM",
		Intro:  "The R × FM grid that names the eRFM segments (select a cell for its customers), segment sizes, and the profiler's recommended thresholds with the distributions they split.",
		Params: []param{asOfParam},
		Charts: []chart{
			{ID: "grid", Title: "Customers per R × FM cell", Endpoints: []string{"rfm_grid"}, Kind: "heatmap", X: []string{"fm"}, Y: []string{"r"}, Value: "customers", Label: "segment", Link: "/rfm/cell?r={r}&fm={fm}"},
			{ID: "segments", Title: "Customers per segment", Endpoints: []string{"rfm_segments"}, Kind: "bar", X: []string{"segment"}, Y: []string{"customers"}},
			{ID: "profile", Title: "Recommended thresholds (erfm_profile)", Endpoints: []string{"erfm_profile"}, Kind: "table"},
			{ID: "recency", Title: "Customers by days since the last order (30-day bands; lines: recommended breaks)", Endpoints: []string{"rfm_recency"}, Kind: "bar", X: []string{"recency_from"}, Y: []string{"customers"},
				Marks: "rfm.recency_breaks", BandWidth: 30},
			{ID: "frequency", Title: "Customers by number of orders (lines: recommended breaks)", Endpoints: []string{"rfm_frequency"}, Kind: "bar", X: []string{"frequency"}, Y: []string{"customers"},
				Marks: "rfm.frequency_breaks", BandWidth: 1},
			{ID: "monetary", Title: "Customers by revenue (bands of 500; lines: recommended breaks)", Endpoints: []string{"rfm_monetary"}, Kind: "bar", X: []string{"revenue_from"}, Y: []string{"customers"},
				Marks: "rfm.monetary_breaks", BandWidth: 500},
		}},
	{Path: "/rfm/cell", Title: "eRFM cell",
		Intro: "The customers of one cell of the R × FM grid, by revenue.",
		Params: []param{asOfParam,
			{name: "r", kind: kindInt, def: "5", min: 1, max: 5, doc: "R score"},
			{name: "fm", kind: kindInt, def: "5", min: 1, max: 5, doc: "FM score"}},
		Charts: []chart{
			{ID: "cell", Title: "Customers of the cell", Endpoints: []string{"rfm_cell"}, Kind: "table"},
		}},
	{Path: "/snapshot", Title: "Snapshot",
		Intro: "Ometria's customer snapshot for any dimension, the dimension matrix, and value tiers.",
		Params: []param{
			{name: "dimension", kind: kindEnum, def: "lifecycle", choices: dimensions, doc: "Dimension"},
			{name: "dim_b", kind: kindEnum, def: "engagement", choices: dimensions, doc: "Matrix columns"},
			{name: "measure", kind: kindEnum, def: "contacts", choices: []string{"contacts", "customers", "orders", "revenue"}, doc: "Matrix measure"},
			asOfParam},
		Charts: []chart{
			{ID: "snapshot", Title: "Contacts, customers and repeat customers", Endpoints: []string{"snapshot"}, Kind: "bar", X: []string{"dimension_value"}, Y: []string{"contacts", "customers", "repeat_customers"}},
			{ID: "matrix", Title: "Dimension matrix: share of each row", Endpoints: []string{"matrix"}, Kind: "heatmap", X: []string{"b_value"}, Y: []string{"a_value"}, Value: "share_of_a", Rename: map[string]string{"dim_a": "dimension"}},
			{ID: "tiers", Title: "Value tiers", Endpoints: []string{"value_tiers"}, Kind: "bar", X: []string{"value_tier"}, Y: []string{"contacts", "customers"}},
		}},
	{Path: "/clv", Title: "CLV and churn",
		Intro: "Predicted customer lifetime value from the newest model (CALL clv_fit() fits one), the high-value 20 %, churn risk, P(alive) by stage, and the model's grade against a holdout.",
		Params: []param{asOfParam, horizonParam,
			{name: "holdout_days", kind: kindInt, def: "90", min: 1, max: 3650, doc: "Holdout days"}},
		Charts: []chart{
			{ID: "clv_deciles", Title: "Predicted CLV per decile of customers", Endpoints: []string{"clv_distribution"}, Kind: "bar", X: []string{"percentile_from"}, Y: []string{"predicted_clv"}},
			{ID: "high_value", Title: "High-value customers: share of customers and of predicted CLV", Endpoints: []string{"clv_high_value"}, Kind: "bar", X: []string{"customer_group"}, Y: []string{"customer_share", "clv_share"}},
			{ID: "churn", Title: "Customers per churn risk", Endpoints: []string{"clv_churn"}, Kind: "bar", X: []string{"churn_risk"}, Y: []string{"customers"}},
			{ID: "alive", Title: "Mean P(alive) per lifecycle stage", Endpoints: []string{"clv_alive_by_stage"}, Kind: "bar", X: []string{"stage"}, Y: []string{"avg_p_alive"}},
			{ID: "grade", Title: "Model grade against a holdout (clv_evaluate)", Endpoints: []string{"clv_evaluate"}, Kind: "table"},
			{ID: "models", Title: "Fitted models: parameters and fit statistics", Endpoints: []string{"clv_models"}, Kind: "table"},
		}},
	{Path: "/affinity", Title: "Affinity",
		Intro: "Top products by buyers, overall and per Emarsys lifecycle stage, association rules between items, and one customer's recommendations.",
		Params: []param{levelParam, asOfParam,
			{name: "days", kind: kindInt, def: "365", min: 1, max: 36500, doc: "Days"},
			{name: "min_support", kind: kindFloat, def: "0.01", min: 0, max: 1e9, doc: "Minimum support"},
			{name: "customer_id", kind: kindInt, def: "1", min: 0, max: 1 << 53, doc: "Customer"}},
		Charts: []chart{
			{ID: "top", Title: "Top items by buyers", Endpoints: []string{"top_products"}, Kind: "bar", X: []string{"item"}, Y: []string{"buyers"}},
			{ID: "top_by_stage", Title: "Top items per lifecycle stage: share of the stage's buyers", Endpoints: []string{"top_products_by_stage"}, Kind: "heatmap", X: []string{"item"}, Y: []string{"stage"}, Value: "buyer_share"},
			{ID: "rules", Title: "Association rules", Endpoints: []string{"affinity_rules"}, Kind: "bar", X: []string{"antecedent", "consequent"}, Y: []string{"lift"}},
			{ID: "recs", Title: "Recommendations for the customer", Endpoints: []string{"recommendations"}, Kind: "table"},
		}},
	{Path: "/segments", Title: "Segments",
		Intro: "Saved segments with their sizes and refresh times, set algebra between two of them, and the uplift of a segment's treated group over its control group.",
		Params: []param{
			{name: "a", kind: kindName, doc: "Segment A"}, {name: "b", kind: kindName, doc: "Segment B"},
			{name: "segment", kind: kindName, doc: "Uplift segment"},
			{name: "from", kind: kindDate, doc: "Uplift from"}, {name: "to", kind: kindDate, doc: "Uplift to"}},
		Charts: []chart{
			{ID: "list", Title: "Segments by size", Endpoints: []string{"segments"}, Kind: "bar", X: []string{"name"}, Y: []string{"size"}},
			{ID: "algebra", Title: "Set algebra", Endpoints: []string{"segment_algebra"}, Kind: "bar", X: []string{"expression"}, Y: []string{"customers"},
				Requires: []string{"a"}, Hint: "Name segment A (and B) above to count their intersection, union and differences."},
			{ID: "uplift", Title: "Conversion: treated against control", Endpoints: []string{"uplift"}, Kind: "bar", X: []string{"grp"}, Y: []string{"conversion"},
				Requires: []string{"segment"}, Hint: upliftHint},
			{ID: "uplift_revenue", Title: "Revenue per customer: treated against control", Endpoints: []string{"uplift"}, Kind: "bar", X: []string{"grp"}, Y: []string{"revenue_per_customer"},
				Requires: []string{"segment"}, Hint: upliftHint},
			{ID: "uplift_conversion_ci", Title: "Conversion uplift (treated − control) with its 95 % confidence interval", Endpoints: []string{"uplift_interval"},
				Kind: "interval", X: []string{"measure"}, Y: []string{"uplift"}, Low: "ci_low", High: "ci_high", Fixed: map[string]string{"measure": "conversion"},
				Requires: []string{"segment"}, Hint: upliftHint},
			{ID: "uplift_revenue_ci", Title: "Revenue-per-customer uplift (treated − control) with its 95 % confidence interval", Endpoints: []string{"uplift_interval"},
				Kind: "interval", X: []string{"measure"}, Y: []string{"uplift"}, Low: "ci_low", High: "ci_high", Fixed: map[string]string{"measure": "revenue"},
				Requires: []string{"segment"}, Hint: upliftHint},
		}},
	{Path: "/data", Title: "Data",
		Intro:  "Load history and data quality findings.",
		Params: []param{{name: "threshold", kind: kindFloat, def: "0.2", min: 0, max: 1, doc: "Quality threshold"}},
		Charts: []chart{
			{ID: "loads", Title: "Rows loaded per load", Endpoints: []string{"load_history"}, Kind: "bar", X: []string{"id", "table"}, Y: []string{"rows_loaded", "rows_rejected"}},
			{ID: "quality", Title: "Data quality: share of problem rows per check", Endpoints: []string{"data_quality"}, Kind: "bar", X: []string{"table_name", "check_name", "column_name"}, Y: []string{"share"}},
		}},
}

const upliftHint = "Name a segment with a control group above to see its uplift."

// pageView is the data of the page template.
type pageView struct {
	Page   *page
	Pages  []*page
	Fields []field
	Charts []chartView
	Error  string
	Notice string
	User   string
	CSRF   string
	Args   args
}

// field is one form input of a page's parameters.
type field struct {
	Name, Label, Type, Value string
	Choices                  []string
}

type chartView struct {
	chart
	Spec string // the chart as JSON, for app.js
}

// servePage renders p. A page whose URL lacks its day (dayParam) is
// redirected to the same URL with the latest order day, so the URL of
// every page whose numbers move with the day names it.
func (s *Server) servePage(w http.ResponseWriter, r *http.Request, sess *session, p *page) {
	q := r.URL.Query()
	v := pageView{Page: p, Pages: pages, User: sess.acct.User + "@" + sess.acct.Host, CSRF: sess.csrf}
	a, err := parseArgs(p.Params, q)
	if err != nil {
		v.Error = err.Error()
		v.Fields = fields(p, q)
		s.render(w, http.StatusBadRequest, "page.html", v)
		return
	}
	if day := dayParam(p); day != "" && a[day] == "" {
		latest, se := latestDay(r.Context(), s.cache, sess.acct)
		if se != nil {
			v.Error = se.Error()
			v.Fields = fields(p, q)
			s.render(w, httpStatus(se), "page.html", v)
			return
		}
		q.Set(day, latest)
		http.Redirect(w, r, p.Path+"?"+q.Encode(), http.StatusSeeOther)
		return
	}
	v.Fields = fields(p, q)
	v.Args = a
	v.Notice = notice(q)
	for _, c := range p.Charts {
		v.Charts = append(v.Charts, chartOf(c, a))
	}
	s.render(w, http.StatusOK, "page.html", v)
}

// chartOf fills c's endpoint URLs from the page's arguments.
func chartOf(c chart, a args) chartView {
	c.Available = true
	for _, req := range c.Requires {
		if _, ok := a[req]; !ok {
			c.Available = false
		}
	}
	for _, name := range c.Endpoints {
		uq := url.Values{}
		for _, ep := range endpointByName(name).params {
			src := ep.name
			if r, ok := c.Rename[ep.name]; ok {
				src = r
			}
			if val, ok := a[src]; ok {
				uq.Set(ep.name, val)
			}
			if val, ok := c.Fixed[ep.name]; ok {
				uq.Set(ep.name, val)
			}
		}
		u := "/api/" + name
		if len(uq) > 0 {
			u += "?" + uq.Encode()
		}
		c.URLs = append(c.URLs, u)
	}
	if c.Marks != "" {
		c.MarksURL = "/api/erfm_profile"
	}
	if c.Link != "" && a[asOfParam.name] != "" {
		c.Link += "&as_of=" + a[asOfParam.name]
	}
	spec, _ := json.Marshal(c)
	return chartView{chart: c, Spec: string(spec)}
}

func fields(p *page, q url.Values) []field {
	out := make([]field, 0, len(p.Params))
	for _, pr := range p.Params {
		f := field{Name: pr.name, Label: pr.doc, Value: q.Get(pr.name), Type: "text"}
		if f.Value == "" {
			f.Value = pr.def
		}
		switch pr.kind {
		case kindDate:
			f.Type = "date"
			if pr.name == asOfParam.name {
				f.Label = "As of"
			}
		case kindInt, kindFloat:
			f.Type = "number"
		case kindEnum:
			f.Type, f.Choices = "select", pr.choices
		}
		if pr.name == levelParam.name {
			f.Label = "Level"
		}
		out = append(out, f)
	}
	return out
}

// dayParam names the parameter holding the day p's numbers are as of:
// as_of, or the last day of the Segments page's uplift window; "" for a
// page of the current state only (Data).
func dayParam(p *page) string {
	for _, name := range []string{asOfParam.name, "to"} {
		if hasParam(p.Params, name) {
			return name
		}
	}
	return ""
}

func hasParam(ps []param, name string) bool {
	for _, p := range ps {
		if p.name == name {
			return true
		}
	}
	return false
}

// notice is the message of a finished action named in the URL.
func notice(q url.Values) string {
	msg, ok := notices[q.Get("done")]
	if !ok || !nameRe.MatchString(q.Get("a")) {
		return ""
	}
	return fmt.Sprintf(msg, q.Get("a"))
}
