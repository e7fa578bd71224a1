package connectwise

import "context"

// SystemService reads /system.
type SystemService struct{ c *Client }

// Info is GET /system/info: the cheapest call that checks the credentials.
func (s *SystemService) Info(ctx context.Context) (*SystemInfo, error) {
	return getOne[SystemInfo](ctx, s.c, "/system/info")
}

// MySecurity is GET /system/mySecurity: the caller's effective
// permissions, one row per module function (all pages).
func (s *SystemService) MySecurity(ctx context.Context, opts *ListOptions) ([]SecurityPermission, error) {
	return collect(list[SecurityPermission](ctx, s.c, "/system/mySecurity", opts))
}
