package web

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/dolthub/vitess/go/mysql"
)

// apiResult is the JSON body of a successful /api/<name> call. Numeric
// columns are JSON numbers written from the MySQL wire text (exact, as a
// MySQL client would read them); everything else is a string or null.
type apiResult struct {
	Endpoint string            `json:"endpoint"`
	Params   map[string]string `json:"params"`
	SQL      string            `json:"sql"`
	Columns  []Column          `json:"columns"`
	Rows     [][]any           `json:"rows"`
}

// apiError is the JSON body of a failed call: the MySQL error the
// statement got (or 1210 for a bad URL parameter).
type apiError struct {
	Error struct {
		Code     int    `json:"code"`
		SQLState string `json:"sqlstate"`
		Message  string `json:"message"`
	} `json:"error"`
}

// latestDaySQL finds the default as-of day, as every analytics function
// does: the latest order day of any status.
const latestDaySQL = "SELECT MAX(DATE(ordered_at)) AS as_of FROM orders"

// run validates q for e, resolves a missing as_of and runs e's statement
// as acct.
func run(ctx context.Context, be querier, acct Account, e *endpoint, q url.Values) (*apiResult, *mysql.SQLError) {
	a, err := parseArgs(e.params, q)
	if err != nil {
		return nil, mysql.NewSQLError(1210, "HY000", "%s", err.Error())
	}
	if _, ok := a[asOfParam.name]; !ok && e.usesAsOf() {
		day, se := latestDay(ctx, be, acct)
		if se != nil {
			return nil, se
		}
		a[asOfParam.name] = day
	}
	stmt := e.sql(a)
	if stmt == "" {
		return nil, mysql.NewSQLError(1210, "HY000", "%s: a required parameter is missing", e.name)
	}
	res, qerr := query(ctx, be, acct, e, a, stmt)
	if qerr != nil {
		return nil, sqlError(qerr)
	}
	return &apiResult{Endpoint: e.name, Params: a, SQL: stmt, Columns: res.Columns, Rows: jsonRows(res)}, nil
}

// query runs stmt, e's statement for a, or computes its rows from the
// statement e shares with its page's other endpoints.
func query(ctx context.Context, be querier, acct Account, e *endpoint, a args, stmt string) (*Result, error) {
	if e.derive == nil {
		return be.Query(ctx, acct, stmt)
	}
	derive := func(ctx context.Context) (*Result, error) {
		res, err := be.Query(ctx, acct, e.derive.from.sql(a))
		if err != nil {
			return nil, err
		}
		return e.derive.apply(res)
	}
	if d, ok := be.(deriver); ok { // kept under e's own statement
		return d.Derived(ctx, acct, stmt, derive)
	}
	return derive(ctx)
}

// latestDay is the latest order day, the default as_of.
func latestDay(ctx context.Context, be querier, acct Account) (string, *mysql.SQLError) {
	res, err := be.Query(ctx, acct, latestDaySQL)
	if err != nil {
		return "", sqlError(err)
	}
	if len(res.Rows) == 0 || res.Rows[0][0] == nil {
		return "", mysql.NewSQLError(1105, "HY000", "no orders yet: load orders (cohortdb import) to see insight pages")
	}
	return *res.Rows[0][0], nil
}

// jsonRows turns wire text into JSON values: numbers for numeric columns.
func jsonRows(res *Result) [][]any {
	out := make([][]any, len(res.Rows))
	for i, row := range res.Rows {
		vals := make([]any, len(row))
		for j, v := range row {
			switch {
			case v == nil:
				vals[j] = nil
			case res.Columns[j].Numeric:
				vals[j] = json.Number(*v)
			default:
				vals[j] = *v
			}
		}
		out[i] = vals
	}
	return out
}

// serveAPI answers /api/ (the endpoint list) and /api/<name>[.csv].
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, acct Account) {
	name := strings.TrimPrefix(r.URL.Path, "/api/")
	if name == "" {
		writeJSON(w, http.StatusOK, endpointIndex())
		return
	}
	asCSV := strings.HasSuffix(name, ".csv") || r.URL.Query().Get("format") == "csv"
	name = strings.TrimSuffix(name, ".csv")
	e := endpointByName(name)
	if e == nil {
		writeError(w, http.StatusNotFound, mysql.NewSQLError(1210, "HY000", "unknown endpoint %q: GET /api/ lists them", name))
		return
	}
	ctx, note := withNote(r.Context())
	res, se := run(ctx, s.cache, acct, e, r.URL.Query())
	w.Header().Set("X-Cohortdb-Cache", note.header())
	if se != nil {
		writeError(w, httpStatus(se), se)
		return
	}
	if asCSV {
		writeCSV(w, e.name, res)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// endpointDoc describes one endpoint in the /api/ index.
type endpointDoc struct {
	Name   string     `json:"name"`
	Doc    string     `json:"doc"`
	Params []paramDoc `json:"params"`
}

type paramDoc struct {
	Name    string   `json:"name"`
	Default string   `json:"default,omitempty"`
	Choices []string `json:"choices,omitempty"`
	Doc     string   `json:"doc"`
}

func endpointIndex() []endpointDoc {
	out := make([]endpointDoc, 0, len(endpoints))
	for _, e := range endpoints {
		d := endpointDoc{Name: e.name, Doc: e.doc, Params: []paramDoc{}}
		for _, p := range e.params {
			d.Params = append(d.Params, paramDoc{Name: p.name, Default: p.def, Choices: p.choices, Doc: p.doc})
		}
		out = append(out, d)
	}
	return out
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

func writeError(w http.ResponseWriter, status int, se *mysql.SQLError) {
	var body apiError
	body.Error.Code = se.Number()
	body.Error.SQLState = se.SQLState()
	body.Error.Message = se.Message
	writeJSON(w, status, body)
}

// writeCSV writes res as RFC 4180 CSV with a header row; NULL is empty.
func writeCSV(w http.ResponseWriter, name string, res *apiResult) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	cw := csv.NewWriter(w)
	head := make([]string, len(res.Columns))
	for i, c := range res.Columns {
		head[i] = c.Name
	}
	_ = cw.Write(head)
	rec := make([]string, len(res.Columns))
	for _, row := range res.Rows {
		for i, v := range row {
			rec[i] = ""
			switch v := v.(type) {
			case json.Number:
				rec[i] = string(v)
			case string:
				rec[i] = v
			}
		}
		_ = cw.Write(rec)
	}
	cw.Flush()
}
