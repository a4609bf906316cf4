package client

import (
	"context"
	"iter"
	"sync"
	"time"
)

// maxWorkers bounds ForEach's parallelism whatever the budget says.
const maxWorkers = 32

// ForEach calls fn for every item of seq with several calls in flight: as
// many as the rate governor suggests for group (its bucket's refill rate
// times the calls' latency), so that the bucket is used at its full rate and
// no more requests wait than needed. It stops at the first error and
// returns it.
func ForEach[T any](ctx context.Context, c *Client, seq iter.Seq2[T, error], group string, fn func(context.Context, T) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu       sync.Mutex
		cond     = sync.NewCond(&mu)
		inflight int
		firstErr error
		latency  = 100 * time.Millisecond // until measured
		wg       sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
			cancel()
		}
		mu.Unlock()
		cond.Broadcast()
	}
	for item, err := range seq {
		if err != nil {
			fail(err)
			break
		}
		mu.Lock()
		for firstErr == nil && inflight >= c.gov.Parallelism(group, latency, maxWorkers) {
			cond.Wait()
		}
		if firstErr != nil {
			mu.Unlock()
			break
		}
		inflight++
		mu.Unlock()
		wg.Add(1)
		go func(item T) {
			defer wg.Done()
			began := time.Now()
			err := fn(ctx, item)
			took := time.Since(began)
			mu.Lock()
			inflight--
			// A moving average of the calls' latency.
			latency = (latency*7 + took) / 8
			mu.Unlock()
			cond.Broadcast()
			if err != nil {
				fail(err)
			}
		}(item)
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	return firstErr
}

// seqOf feeds ForEach the items of a slice.
func seqOf[T any](items []T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for _, it := range items {
			if !yield(it, nil) {
				return
			}
		}
	}
}
