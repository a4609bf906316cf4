package client

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

func errMissingCredentials(host string) error {
	return fmt.Errorf("no credentials for %s: give --client-id and --client-secret (AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET) or --token (AUTH0_API_TOKEN)", host)
}

// unwrapURLError drops net/http's "Get \"url\": " wrapper, so that
// orgscope's own errors read as the sentences they are.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// debugTransport logs the token endpoint's traffic for --debug-http.
type debugTransport struct {
	base  http.RoundTripper
	debug *debugLog
}

func (d *debugTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if d.debug == nil {
		return d.base.RoundTrip(req)
	}
	var body []byte
	if req.GetBody != nil {
		if rc, err := req.GetBody(); err == nil {
			body, _ = readAll(rc)
		}
	}
	d.debug.request(req, body)
	res, err := d.base.RoundTrip(req)
	if err != nil {
		d.debug.failure(err)
		return nil, err
	}
	data, err := readAll(res.Body)
	if err != nil {
		return nil, err
	}
	d.debug.response(res, data, 0)
	res.Body = nopCloser(data)
	return res, nil
}
