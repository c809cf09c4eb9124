// The edge's JavaScript (njs 0.7.9 in Debian 12, newer in the nginx image): AWS SigV4 header signing of origin
// requests, and the header filters nginx cannot express in configuration.
var crypto = require('crypto');

var EMPTY_PAYLOAD_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
var SIGNED_HEADERS = 'host;x-amz-content-sha256;x-amz-date';
// An allowed answer kept by proxy_cache_use_stale is reused while the API is down, but no longer than this past its
// own lifetime (X-Accel-Expires): nginx itself has no bound on stale entries.
var STALE_AUTHORIZATION_SECONDS = 60;

function env(name) {
    var value = process.env[name];
    if (!value) {
        throw new Error('environment variable ' + name + ' is not set');
    }
    return value;
}

function hmac(key, data) {
    return crypto.createHmac('sha256', key).update(data).digest();
}

// 20261207T101647Z. One value per request: the date header and the signature must agree.
function amzDate(r) {
    if (!r.variables.edge_amz_date) {
        r.variables.edge_amz_date = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    }
    return r.variables.edge_amz_date;
}

// The object key, bucket included, as nginx sends it: every character is unreserved (the location's regex allows
// only [A-Za-z0-9._-] and '/'), so the canonical URI is the path itself.
function canonicalUri(bucket, movieId, objectPath) {
    return '/' + bucket + '/movies/' + movieId + '/' + objectPath;
}

function authorization(date, host, uri, accessKey, secretKey, region) {
    var day = date.substring(0, 8);
    var scope = day + '/' + region + '/s3/aws4_request';
    var canonicalRequest = [
        'GET', uri, '',
        'host:' + host, 'x-amz-content-sha256:' + EMPTY_PAYLOAD_SHA256, 'x-amz-date:' + date, '',
        SIGNED_HEADERS, EMPTY_PAYLOAD_SHA256,
    ].join('\n');
    var stringToSign = ['AWS4-HMAC-SHA256', date, scope,
        crypto.createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
    var key = hmac(hmac(hmac(hmac('AWS4' + secretKey, day), region), 's3'), 'aws4_request');
    var signature = crypto.createHmac('sha256', key).update(stringToSign).digest('hex');
    return 'AWS4-HMAC-SHA256 Credential=' + accessKey + '/' + scope
        + ', SignedHeaders=' + SIGNED_HEADERS + ', Signature=' + signature;
}

function s3Authorization(r) {
    return authorization(amzDate(r), env('S3_HOST'),
        canonicalUri(env('S3_BUCKET'), r.variables.movie_id, r.variables.object_path),
        env('S3_ACCESS_KEY'), env('S3_SECRET_KEY'), process.env.S3_REGION || 'us-east-1');
}

function s3PayloadHash() {
    return EMPTY_PAYLOAD_SHA256;
}

// Players never see the bucket's own headers (request ids, user metadata, Swift's transaction ids).
function hideOriginHeaders(r) {
    for (var name in r.headersOut) {
        var lower = name.toLowerCase();
        if (lower.indexOf('x-amz-') === 0 || lower.indexOf('x-object-') === 0 || lower.indexOf('x-openstack-') === 0
            || lower === 'x-trans-id' || lower === 'x-timestamp' || lower === 'set-cookie') {
            delete r.headersOut[name];
        }
    }
}

// Runs on the authorisation subrequest: a stale allowed answer (the API is failing) older than its lifetime plus the
// bound becomes 503, which the player sees as "cannot tell now" instead of playing on indefinitely.
function boundStaleAuthorization(r) {
    if (r.variables.upstream_cache_status !== 'STALE') {
        return;
    }
    var answeredAt = Date.parse(r.variables.upstream_http_date || '');
    var lifetime = parseInt(r.variables.upstream_http_x_accel_expires || '0', 10) || 0;
    if (isNaN(answeredAt) || Date.now() - answeredAt > (lifetime + STALE_AUTHORIZATION_SECONDS) * 1000) {
        r.status = 503;
    }
}

export default { s3Authorization, s3PayloadHash, amzDate, hideOriginHeaders, boundStaleAuthorization, authorization };
