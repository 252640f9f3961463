package difftest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/go-sql-driver/mysql"
)

// Session is one client connection to a server under test, with the
// column definitions of each result read off the wire. It reconnects
// (and replays its setup statements) when a statement breaks the
// connection.
type Session struct {
	Name string // "mariadb", "cohortdb", "cohortdb vectorize=0", ...

	cfg   *mysql.Config
	setup []string
	db    *sql.DB
	conn  *sql.Conn
	last  *sniffConn
}

// NewSession connects to addr as user and runs setup on the connection.
func NewSession(ctx context.Context, name, addr, user, pass string, setup ...string) (*Session, error) {
	s := &Session{Name: name, setup: setup}
	cfg := mysql.NewConfig()
	cfg.User, cfg.Passwd, cfg.Net, cfg.Addr = user, pass, "tcp", addr
	cfg.AllowNativePasswords = true
	cfg.Timeout = 30 * time.Second
	cfg.DialFunc = s.dial
	s.cfg = cfg
	if err := s.connect(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Session) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	var d net.Dialer
	c, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	s.last = &sniffConn{Conn: c}
	return s.last, nil
}

func (s *Session) connect(ctx context.Context) error {
	s.Close()
	connector, err := mysql.NewConnector(s.cfg)
	if err != nil {
		return err
	}
	s.db = sql.OpenDB(connector)
	s.db.SetMaxOpenConns(1)
	if s.conn, err = s.db.Conn(ctx); err != nil {
		return fmt.Errorf("%s: connect: %w", s.Name, err)
	}
	for _, q := range s.setup {
		if _, err := s.conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %s: %w", s.Name, q, err)
		}
	}
	return nil
}

// Close closes the connection.
func (s *Session) Close() {
	if s.conn != nil {
		s.conn.Close()
	}
	if s.db != nil {
		s.db.Close()
	}
	s.conn, s.db = nil, nil
}

// Null is how a NULL value appears in Result.Rows.
const Null = "\x00NULL"

// Result is what a server answered to one statement.
type Result struct {
	Err     *mysql.MySQLError // the server's error, nil on success
	Other   error             // a failure that is not a server error (timeout, broken connection)
	Columns []Column
	Rows    [][]string // values as the text protocol sent them; Null for NULL
}

// Run executes one statement and collects its answer. A statement that
// runs longer than timeout is cancelled and reported in Other.
func (s *Session) Run(ctx context.Context, stmt string, timeout time.Duration) Result {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	res, err := s.query(ctx, stmt)
	if err == nil {
		return res
	}
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		return Result{Err: me}
	}
	res = Result{Other: err}
	if ctx.Err() != nil {
		res.Other = fmt.Errorf("timed out after %v", timeout)
	}
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, mysql.ErrInvalidConn) || ctx.Err() != nil {
		if cerr := s.connect(context.Background()); cerr != nil {
			res.Other = errors.Join(res.Other, cerr)
		}
	}
	return res
}

func (s *Session) query(ctx context.Context, stmt string) (Result, error) {
	if s.conn == nil {
		if err := s.connect(ctx); err != nil {
			return Result{}, err
		}
	}
	rows, err := s.conn.QueryContext(ctx, stmt)
	if err != nil {
		return Result{}, err
	}
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil {
		return Result{}, err
	}
	var res Result
	vals := make([]sql.RawBytes, len(names))
	ptrs := make([]any, len(names))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return Result{}, err
		}
		row := make([]string, len(vals))
		for i, v := range vals {
			if v == nil {
				row[i] = Null
			} else {
				row[i] = string(v)
			}
		}
		res.Rows = append(res.Rows, row)
	}
	if err := rows.Err(); err != nil {
		return Result{}, err
	}
	if len(names) > 0 && s.last != nil {
		res.Columns = s.last.columns()
	}
	return res, nil
}
