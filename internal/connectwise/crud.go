package connectwise

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
)

// The typed calls every service shares; services only add paths.

func getOne[T any](ctx context.Context, c *Client, path string) (*T, error) {
	out := new(T)
	if _, err := c.do(ctx, apiRequest{method: http.MethodGet, path: path}, out); err != nil {
		return nil, err
	}
	return out, nil
}

func create[T any](ctx context.Context, c *Client, path string, in *T) (*T, error) {
	if in == nil {
		return nil, fmt.Errorf("connectwise: nothing to create at %s", path)
	}
	out := new(T)
	if _, err := c.do(ctx, apiRequest{method: http.MethodPost, path: path, body: in}, out); err != nil {
		return nil, err
	}
	return out, nil
}

func patch[T any](ctx context.Context, c *Client, path string, ops []PatchOp) (*T, error) {
	if len(ops) == 0 {
		// An empty PATCH is a wasted write; read instead.
		return getOne[T](ctx, c, path)
	}
	out := new(T)
	if _, err := c.do(ctx, apiRequest{method: http.MethodPatch, path: path, body: ops}, out); err != nil {
		return nil, err
	}
	return out, nil
}

func itemPath(collection string, id int) string {
	return collection + "/" + strconv.Itoa(id)
}

// byIDs lists the records whose id is in ids (deduplicated), in as few
// requests as URL length allows; fields (nil: whole records) is sent as is.
func byIDs[T any](ctx context.Context, c *Client, path string, ids []int, extra Condition, fields []string) ([]T, error) {
	seen := make(map[int]bool, len(ids))
	var uniq []int
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			uniq = append(uniq, id)
		}
	}
	var out []T
	for _, cond := range SplitIn(Field("id"), Ints(uniq), extra, MaxConditionLength) {
		items, err := collect(list[T](ctx, c, path, &ListOptions{Conditions: cond, Fields: fields}))
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
	}
	return out, nil
}
