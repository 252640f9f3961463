package web

import (
	"context"
	"net/url"
	"strings"
	"time"
)

// The warm-up computes every page as first opened (its defaults, as of
// the latest order day) in the background: after start and after each
// change of the data, for the privilege scopes used most recently and
// the Source's accounts. A page opened after it answers from the cache.
// It runs one statement at a time, so it takes one core, not all.

// defaultWarmEvery is how often the warm-up looks for a new data version.
const defaultWarmEvery = 2 * time.Second

// warmLoop warms the pages whenever the data version held still for a
// tick (a load moves it many times; warming between its steps would be
// thrown away), until ctx ends.
func (s *Server) warmLoop(ctx context.Context) {
	src := s.cache.src
	t := time.NewTicker(s.warmEvery)
	defer t.Stop()
	var warmed string
	seen := src.DataVersion()
	for {
		if ver := src.DataVersion(); ver == seen && ver != warmed {
			if s.warm(ctx, ver) {
				warmed = ver
				if s.onWarm != nil {
					s.onWarm(ver)
				}
			}
		} else {
			seen = ver
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// warm computes the pages at version ver; false when the data changed
// (or ctx ended) before it finished.
func (s *Server) warm(ctx context.Context, ver string) bool {
	for _, acct := range s.cache.warmAccounts(ctx) {
		for _, req := range warmRequests(ctx, s.cache, acct) {
			if ctx.Err() != nil || s.cache.src.DataVersion() != ver {
				return false
			}
			// Refusals and errors are the page's to show; the warm-up
			// only keeps what succeeds.
			_, _ = run(ctx, s.cache, acct, req.e, req.q)
		}
	}
	return ctx.Err() == nil
}

type warmRequest struct {
	e *endpoint
	q url.Values
}

// warmRequests are the endpoint requests of every page opened with its
// defaults, exactly as the browser makes them (so they hit the same
// cache entries).
func warmRequests(ctx context.Context, q querier, acct Account) []warmRequest {
	day, se := latestDay(ctx, q, acct)
	var out []warmRequest
	seen := map[string]bool{}
	add := func(u string) {
		if seen[u] {
			return
		}
		seen[u] = true
		path, raw, _ := strings.Cut(strings.TrimPrefix(u, "/api/"), "?")
		vals, err := url.ParseQuery(raw)
		if e := endpointByName(path); e != nil && err == nil {
			out = append(out, warmRequest{e: e, q: vals})
		}
	}
	for _, p := range pages {
		a, err := parseArgs(p.Params, url.Values{})
		if err != nil {
			continue
		}
		if hasParam(p.Params, asOfParam.name) {
			if se != nil {
				continue
			}
			a[asOfParam.name] = day
		}
		for _, c := range p.Charts {
			cv := chartOf(c, a)
			if !cv.Available {
				continue
			}
			for _, u := range cv.URLs {
				add(u)
			}
			if cv.MarksURL != "" {
				add(cv.MarksURL)
			}
		}
	}
	return out
}
