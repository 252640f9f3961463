package web

import (
	"context"
	"crypto/tls"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

//go:embed assets
var assetFS embed.FS

//go:embed templates/*.html
var templateFS embed.FS

// Config says where to serve the pages.
type Config struct {
	// Listen is the HTTP address, host:port (port 0 picks a free one).
	Listen string
	// TLS, when set, serves HTTPS with it (the wire server passes its own
	// certificate when Listen is not a loopback address, so passwords
	// never cross a network in clear).
	TLS *tls.Config
	// Logger gets failed logins and serving errors; nil discards.
	Logger *slog.Logger
}

// Server serves the insight pages over a Backend. Create it with New,
// run Serve, stop it with Shutdown.
type Server struct {
	be    Backend
	cache *resultCache // the reads of pages and endpoints
	stop  context.CancelFunc
	// warmEvery and onWarm (called after each complete warm-up with
	// the data version) are for tests.
	warmEvery time.Duration
	onWarm    func(version string)
	log       *slog.Logger
	sessions  *sessionStore
	tmpl      *template.Template
	ln        net.Listener
	srv       *http.Server
	secure    bool
}

// New binds cfg.Listen and prepares the handler; it serves nothing until
// Serve.
func New(cfg Config, be Backend) (*Server, error) {
	s, err := newServer(be, cfg.Logger)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("listen for insight pages on %s: %w", cfg.Listen, err)
	}
	if cfg.TLS != nil {
		ln = tls.NewListener(ln, cfg.TLS)
		s.secure = true
	}
	s.ln = ln
	s.srv = &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	return s, nil
}

// newServer builds a Server without a listener (tests serve its Handler
// with httptest).
func newServer(be Backend, logger *slog.Logger) (*Server, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	t, err := template.New("").Funcs(template.FuncMap{"lower": strings.ToLower}).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse page templates: %w", err)
	}
	life, stop := context.WithCancel(context.Background())
	return &Server{be: be, cache: newResultCache(life, be), stop: stop, warmEvery: defaultWarmEvery,
		log: logger, sessions: newSessionStore(), tmpl: t}, nil
}

// startWarmup starts the background warm-up (a no-op without a Source);
// it ends at Shutdown.
func (s *Server) startWarmup() {
	if s.cache.src == nil {
		return
	}
	s.cache.wg.Add(1)
	go func() {
		defer s.cache.wg.Done()
		s.warmLoop(s.cache.life)
	}()
}

// Addr is the bound address.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// URL is the address to open in a browser.
func (s *Server) URL() string {
	scheme := "http"
	if s.secure {
		scheme = "https"
	}
	host, port, _ := net.SplitHostPort(s.Addr().String())
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return scheme + "://" + net.JoinHostPort(host, port) + "/"
}

// Serve serves until Shutdown; it returns nil after a Shutdown.
func (s *Server) Serve() error {
	s.startWarmup()
	if err := s.srv.Serve(s.ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Shutdown stops accepting requests and waits for running ones, until
// ctx ends.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.srv.Shutdown(ctx)
	s.close()
	return err
}

// close cancels the warm-up and the statements still running for the
// cache, and waits for them.
func (s *Server) close() {
	s.stop()
	s.cache.wg.Wait()
}

// Handler routes every request. Everything but the log-in page and the
// static assets needs a session.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	assets, _ := fs.Sub(assetFS, "assets")
	mux.Handle("GET /assets/", http.StripPrefix("/assets/", cacheAssets(http.FileServerFS(assets))))
	mux.HandleFunc("GET /login", s.loginPage)
	mux.HandleFunc("POST /login", s.login)
	mux.HandleFunc("POST /logout", s.logout)
	mux.HandleFunc("GET /api/", s.withSession(func(w http.ResponseWriter, r *http.Request, sess *session) {
		s.serveAPI(w, r, sess.acct)
	}))
	mux.HandleFunc("POST /actions/{name}", s.withSession(s.serveAction))
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/lifecycle", http.StatusSeeOther)
	})
	for _, p := range pages {
		mux.HandleFunc("GET "+p.Path, s.withSession(func(w http.ResponseWriter, r *http.Request, sess *session) {
			s.servePage(w, r, sess, p)
		}))
	}
	return securityHeaders(mux)
}

// withSession runs h for a logged-in request; others get the log-in page
// (pages) or 401 (the API).
func (s *Server) withSession(h func(http.ResponseWriter, *http.Request, *session)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess, _ := s.sessionOf(r)
		if sess == nil {
			if strings.HasPrefix(r.URL.Path, "/api/") {
				writeJSON(w, http.StatusUnauthorized, loginRequired())
				return
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		h(w, r, sess)
	}
}

func loginRequired() apiError {
	var e apiError
	e.Error.Code, e.Error.SQLState = 1045, "28000"
	e.Error.Message = "log in first: POST /login with user and password"
	return e
}

// securityHeaders: only this origin's scripts and styles run, no page is
// framed, and nothing is sniffed.
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; frame-ancestors 'none'; form-action 'self'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		h.ServeHTTP(w, r)
	})
}

func cacheAssets(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}
