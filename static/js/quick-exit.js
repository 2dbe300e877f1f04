/* Quick exit, after GOV.UK's "Exit this page": a tap on the button, or Shift pressed three times
   within five seconds, blanks the page at once and replaces it with a neutral site. Without
   JavaScript the button is a plain link to the same place. */
(function () {
    "use strict";
    var links = document.querySelectorAll("[data-quick-exit]");
    if (!links.length) {
        return;
    }
    var target = links[0].href;
    var presses = 0;
    var timer = null;
    var overlay = null;

    function exit(event) {
        if (event) {
            event.preventDefault();
        }
        if (!overlay) {
            overlay = document.createElement("div");
            overlay.className = "exit-overlay";
            overlay.setAttribute("role", "alert");
            overlay.textContent = links[0].getAttribute("data-quick-exit");
            document.body.appendChild(overlay);
        }
        document.body.classList.add("exiting");
        /* replace(): this page is not kept as the entry that Back returns to. */
        window.location.replace(target);
    }

    function resetPresses() {
        presses = 0;
        window.clearTimeout(timer);
        timer = null;
    }

    Array.prototype.forEach.call(links, function (link) {
        link.addEventListener("click", exit);
    });

    document.addEventListener("keydown", function (event) {
        if (event.key !== "Shift") {
            resetPresses();
            return;
        }
        if (event.repeat) {
            return;
        }
        presses += 1;
        if (presses === 1) {
            timer = window.setTimeout(resetPresses, 5000);
        }
        if (presses >= 3) {
            resetPresses();
            exit();
        }
    });

    /* Coming back with Back may restore this page from the cache: show it again. */
    window.addEventListener("pageshow", function (event) {
        if (event.persisted) {
            document.body.classList.remove("exiting");
            if (overlay) {
                overlay.parentNode.removeChild(overlay);
                overlay = null;
            }
            resetPresses();
        }
    });
})();
