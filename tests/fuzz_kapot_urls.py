"""A URLconf with one deliberately broken form, to show the fuzzer finds a 500 (tests/test_fuzz_formulieren.py)."""
from django.http import HttpResponse
from django.urls import path


def kapot(request):
    if request.method == "POST" and "Ω" in request.POST.get("naam", ""):
        raise ValueError("unicode in de naam: zo ziet een vergeten geval eruit")
    return HttpResponse('<form method="post"><input name="naam"><select name="soort"><option value="a">A</option></select></form>')


urlpatterns = [path("kapot/", kapot, name="kapot")]
