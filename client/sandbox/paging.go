package sandbox

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"sort"
	"strconv"
)

// pagingSpec is what one list route accepts (management-api.md §2).
type pagingSpec struct {
	offset, checkpoint bool
	perPageDefault     int
	perPageMax         int
	takeDefault        int
	takeMax            int
	// offsetCap is the number of records the offset window reaches (1000
	// for organizations and connections); 0 means no cap.
	offsetCap int
}

type pageQuery struct {
	checkpoint    bool
	page, perPage int
	includeTotals bool
	take          int
	from          string
}

// parsePaging reads the paging parameters. The presence of take or from
// selects checkpoint mode and wins over include_totals and per_page, as Auth0
// does.
func parsePaging(q url.Values, spec pagingSpec) (pageQuery, *apiError) {
	pq := pageQuery{perPage: spec.perPageDefault, take: spec.takeDefault}
	var err *apiError
	if pq.includeTotals, err = boolParam(q, "include_totals"); err != nil {
		return pq, err
	}
	if spec.checkpoint && (q.Has("take") || q.Has("from")) || !spec.offset {
		pq.checkpoint = true
		if pq.take, err = intParam(q, "take", spec.takeDefault, 1, spec.takeMax); err != nil {
			return pq, err
		}
		pq.from = q.Get("from")
		return pq, nil
	}
	if pq.perPage, err = intParam(q, "per_page", spec.perPageDefault, 1, spec.perPageMax); err != nil {
		return pq, err
	}
	if pq.page, err = intParam(q, "page", 0, 0, -1); err != nil {
		return pq, err
	}
	if spec.offsetCap > 0 && pq.page*pq.perPage >= spec.offsetCap {
		return pq, &apiError{
			Status:  http.StatusBadRequest,
			Message: "Requesting page exceeds the allowed maximum of " + strconv.Itoa(spec.offsetCap) + " records",
			Code:    "invalid_paging",
		}
	}
	return pq, nil
}

func intParam(q url.Values, name string, def, min, max int) (int, *apiError) {
	s := q.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, invalidQuery(name, "Expected type integer but found type string")
	}
	if n < min {
		return 0, invalidQuery(name, "Value "+s+" is less than minimum "+strconv.Itoa(min))
	}
	if max >= 0 && n > max {
		return 0, invalidQuery(name, "Value "+s+" is greater than maximum "+strconv.Itoa(max))
	}
	return n, nil
}

func boolParam(q url.Values, name string) (bool, *apiError) {
	switch q.Get(name) {
	case "", "false":
		return false, nil
	case "true":
		return true, nil
	}
	return false, invalidQuery(name, "Expected type boolean but found type string")
}

// offsetPage answers an offset-mode list: a bare array, or with
// include_totals the object {key, start, limit, total}. limit echoes per_page
// unless limitIsCount, the quirk of the classic enabled_connections list.
// capAt limits the window to the first capAt records (0: no cap).
func offsetPage[T any](all []T, pq pageQuery, key string, limitIsCount bool, capAt int) any {
	start := pq.page * pq.perPage
	window := len(all)
	if capAt > 0 && window > capAt {
		window = capAt
	}
	end := min(start+pq.perPage, window)
	items := []T{}
	if start < end {
		items = all[start:end]
	}
	if !pq.includeTotals {
		return items
	}
	limit := pq.perPage
	if limitIsCount {
		limit = len(items)
	}
	return map[string]any{key: items, "start": start, "limit": limit, "total": len(all)}
}

// checkpointPage answers a checkpoint-mode list over items sorted by keyOf:
// the take items after the cursor, and "next" only when more remain.
func checkpointPage[T any](all []T, keyOf func(T) string, pq pageQuery, key string) (any, *apiError) {
	start := 0
	if pq.from != "" {
		after, err := decodeCursor(pq.from)
		if err != nil {
			return nil, invalidQuery("from", "Invalid checkpoint: "+pq.from)
		}
		start = sort.Search(len(all), func(i int) bool { return keyOf(all[i]) > after })
	}
	end := min(start+pq.take, len(all))
	items := []T{}
	if start < end {
		items = all[start:end]
	}
	body := map[string]any{key: items}
	if end < len(all) && len(items) > 0 {
		body["next"] = encodeCursor(keyOf(items[len(items)-1]))
	}
	return body, nil
}

// checkpointView is checkpointPage over records shown through view.
func checkpointView[R, V any](all []R, keyOf func(R) string, view func(R) V, pq pageQuery, key string) (any, *apiError) {
	body, e := checkpointPage(all, keyOf, pq, key)
	if e != nil {
		return nil, e
	}
	m := body.(map[string]any)
	rs := m[key].([]R)
	out := make([]V, len(rs))
	for i, r := range rs {
		out[i] = view(r)
	}
	m[key] = out
	return m, nil
}

// Cursors are unpadded base64url of the sort key, like Auth0's organization
// cursors ("<created_at>,<id>").
func encodeCursor(k string) string { return base64.RawURLEncoding.EncodeToString([]byte(k)) }

func decodeCursor(c string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	return string(b), err
}
