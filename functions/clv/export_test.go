package clv

import "github.com/cohortdb/cohortdb/functions/sqlfn"

// Shared is where concurrent clv() statements meet.
func Shared() *sqlfn.Flights { return &shared }
