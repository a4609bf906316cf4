package client

import (
	"context"
	"errors"
	"iter"
)

// Pages are read at the largest size each route allows, so that a crawl
// costs the fewest requests.
const (
	orgsTake        = 100
	connectionsTake = 100
	profilesTake    = 10
	linksPerPage    = 100
	clientsPerPage  = 100
)

// checkpointPages iterates a checkpoint-paged list: fetch returns a page and
// its next cursor ("" on the last page, where Auth0 omits it). Each page is
// read once; a cancelled context ends the iteration with its error.
func checkpointPages[T any](ctx context.Context, fetch func(ctx context.Context, from string) ([]T, string, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		from := ""
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			items, next, err := fetch(ctx, from)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if next == "" || len(items) == 0 || next == from {
				return
			}
			from = next
		}
	}
}

// offsetPages iterates an offset-paged list. It stops when start + items
// reaches total: never on "limit", which the classic enabled_connections
// list sets to the number of items returned.
func offsetPages[T any](ctx context.Context, fetch func(ctx context.Context, page int) (items []T, start, total int, err error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		prevStart := -1
		for page := 0; ; page++ {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			items, start, total, err := fetch(ctx, page)
			if err != nil {
				yield(zero, err)
				return
			}
			if start <= prevStart {
				// A server that answers the same window again would keep
				// this loop going for ever.
				yield(zero, errRepeatedPage)
				return
			}
			prevStart = start
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if len(items) == 0 || start+len(items) >= total {
				return
			}
		}
	}
}

var errRepeatedPage = errors.New("the server answered the same page twice, so the list was not read to its end")

// Collect gathers an iterator into a slice, stopping at the first error.
func Collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

func intp(i int) *int       { return &i }
func boolp(b bool) *bool    { return &b }
func strp(s string) *string { return &s }

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
