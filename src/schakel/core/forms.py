def ingediend(request):
    """The submitted data, or None for a GET. An empty POST is still a submitted form: it must fail
    validation (400), not come back as a blank form (`request.POST or None` would do that)."""
    return request.POST if request.method == "POST" else None
