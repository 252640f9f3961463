package server

import (
	"context"
	"errors"
	"math"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/mysql"

	"github.com/cohortdb/cohortdb/contract/membudget"
)

// Memory limits of statements (contract/membudget has the model):
//
//   - cohortdb_memory_limit (global; --memory-limit): what all running
//     statements may hold together.
//   - cohortdb_query_memory_limit (session and global;
//     --query-memory-limit): what one statement may hold.
//
// Both are bytes, 0 for unlimited, and default from the machine's memory
// (membudget.Defaults). Every command gets an account on the server's
// pool for its duration; the pool's limit is re-read from the global
// variable at each command, so SET GLOBAL takes effect for the next
// statement.
//
// A statement past a limit fails with 1038 ER_OUT_OF_SORTMEMORY,
// SQLSTATE HY001 ("memory allocation error"): the code MySQL gives a
// statement whose sort or group buffer ran out, which clients and drivers
// already treat as "this statement needs less memory", and which leaves
// the connection open. (MySQL 8's connection_memory_limit errors close
// the connection; 3170 ER_CAPACITY_EXCEEDED is HY000 and, in MySQL, a
// range-optimizer warning.)

const erOutOfSortMemory = 1038

// memoryVariables are the system variables of the limits, with defaults
// from cfg.
func memoryVariables(cfg Config) []sql.SystemVariable {
	return []sql.SystemVariable{
		&sql.MysqlSystemVariable{
			Name:    membudget.ServerLimitVariable,
			Scope:   sql.GetMysqlScope(sql.SystemVariableScope_Global),
			Dynamic: true,
			Type:    types.NewSystemIntType(membudget.ServerLimitVariable, 0, math.MaxInt64, false),
			Default: cfg.MemoryLimit,
		},
		&sql.MysqlSystemVariable{
			Name:    membudget.QueryLimitVariable,
			Scope:   sql.GetMysqlScope(sql.SystemVariableScope_Both),
			Dynamic: true,
			Type:    types.NewSystemIntType(membudget.QueryLimitVariable, 0, math.MaxInt64, false),
			Default: cfg.QueryMemoryLimit,
		},
	}
}

// memoryAccount opens the account of a command on c: the session's
// cohortdb_query_memory_limit, drawn on the server's pool.
func (d *handler) memoryAccount(ctx context.Context, c *mysql.Conn) (context.Context, *membudget.Account) {
	if d.pool == nil {
		return ctx, nil
	}
	if v, ok := globalInt(membudget.ServerLimitVariable); ok {
		d.budget.apply(v)
	}
	limit := int64(0)
	if sess := d.sessions.get(c); sess != nil {
		if v, err := sess.GetSessionVariable(readCtx, membudget.QueryLimitVariable); err == nil {
			limit = asInt64(v)
		}
	} else if v, ok := globalInt(membudget.QueryLimitVariable); ok {
		limit = v
	}
	a := d.pool.NewAccount(limit)
	return membudget.NewContext(ctx, a), a
}

func globalInt(name string) (int64, bool) {
	_, v, ok := sql.SystemVariables.GetGlobal(name)
	if !ok {
		return 0, false
	}
	return asInt64(v), true
}

func asInt64(v any) int64 {
	switch n := v.(type) {
	case int64:
		return n
	case uint64:
		return int64(min(n, math.MaxInt64))
	case int32:
		return int64(n)
	case int8:
		return int64(n)
	}
	return 0
}

// memoryErr answers a statement that passed a memory limit with 1038;
// other errors are returned as they are.
func memoryErr(err error) error {
	var me *membudget.Error
	if errors.As(err, &me) {
		return mysql.NewSQLError(erOutOfSortMemory, "HY001", "%s", me.Error())
	}
	// An error from a row iterator reaches the handler already cast by
	// GMS to 1105, its chain gone: only the text is left.
	var se *mysql.SQLError
	if errors.As(err, &se) && se.Num == mysql.ERUnknownError {
		if msg, ok := membudget.FindMessage(se.Message); ok {
			return mysql.NewSQLError(erOutOfSortMemory, "HY001", "%s", msg)
		}
	}
	return err
}

// cacheRefusal answers GMS's ErrNoMemoryAvailable — a cache of its
// row-at-a-time operators refused an entry because the statement's
// account refused it (membudget.Entries) — with the account's refusal as
// 1038. The error reaches the handler cast to 1105 with only its text.
func cacheRefusal(ctx context.Context, err error) error {
	if err == nil || !isNoMemory(err) {
		return err
	}
	if me := membudget.FromContext(ctx).Refusal(); me != nil {
		return memoryErr(me)
	}
	return err
}

func isNoMemory(err error) bool {
	if sql.ErrNoMemoryAvailable.Is(err) {
		return true
	}
	var se *mysql.SQLError
	return errors.As(err, &se) && se.Message == noMemoryMessage
}

// noMemoryMessage is the text of GMS's ErrNoMemoryAvailable.
var noMemoryMessage = sql.ErrNoMemoryAvailable.New().Error()
