from django.conf import settings


def client_ip(request) -> str:
    """Return the visitor's IP address, trusting X-Forwarded-For only from our proxies.

    With PROXY_COUNT=n (n reverse proxies in front), the n-th address from the end of
    X-Forwarded-For is the client's; anything further left could be forged.
    """
    proxies = settings.PROXY_COUNT
    if proxies:
        forwarded = [
            p.strip()
            for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if p.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies][:45]
    return request.META.get("REMOTE_ADDR", "")[:45]
