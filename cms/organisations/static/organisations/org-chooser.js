/*
 * The organisation tree chooser (cms.organisations.widgets.OrganisationTreeChooser).
 *
 * The native <select multiple> stays the field: this script hides it, keeps its selection as the
 * value (option.selected, then a "change" event), shows the chosen organisations as chips, and
 * searches and browses the tree through the admin's JSON endpoint (cms.organisations.admin_api).
 * If this script does not run, the select is there to use as it is.
 *
 * data-mode="single" (SingleOrganisationTreeChooser): the field is a <select> of one value.
 * Choosing an organisation replaces the chosen one and closes the list; the chip can be removed
 * (selecting the empty option) only when the field is not required (no data-required).
 *
 * Plain JavaScript, no build step, no inline script: every text comes from the widget's
 * data-strings, every organisation's text is set with textContent. In Wagtail's admin the chooser
 * is a Stimulus controller ("org-chooser"), so a chooser added to the page later starts too.
 */
(function () {
  "use strict";

  if (window.orgChooserLoaded) {
    return;
  }
  window.orgChooserLoaded = true;

  var SEARCH_DELAY_MS = 250;

  function format(template, values) {
    return String(template || "").replace(/%\((\w+)\)s/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  function parseJSON(text, fallback) {
    try {
      return text ? JSON.parse(text) : fallback;
    } catch (error) {
      return fallback;
    }
  }

  /* An element with attributes and children (strings become text nodes, never HTML). */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) {
        return;
      }
      node.setAttribute(name, value === true ? "" : String(value));
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === "") {
        return;
      }
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function pathOf(description) {
    return (description.ancestors || [])
      .map(function (ancestor) {
        return ancestor.name;
      })
      .join(" › ");
  }

  function OrgChooser(root) {
    this.root = root;
    this.select = root.querySelector("[data-org-chooser-select]");
    this.ui = root.querySelector("[data-org-chooser-ui]");
    this.chips = root.querySelector("[data-org-chooser-chips]");
    this.empty = root.querySelector("[data-org-chooser-empty]");
    this.search = root.querySelector("[data-org-chooser-search]");
    this.browse = root.querySelector("[data-org-chooser-browse]");
    this.clear = root.querySelector("[data-org-chooser-clear]");
    this.count = root.querySelector("[data-org-chooser-count]");
    this.panel = root.querySelector("[data-org-chooser-panel]");
    this.rows = root.querySelector("[data-org-chooser-rows]");
    this.message = root.querySelector("[data-org-chooser-message]");
    this.status = root.querySelector("[data-org-chooser-status]");
    this.url = root.getAttribute("data-url");
    this.mode = root.getAttribute("data-mode");
    this.subtree = this.mode === "subtree";
    this.single = this.mode === "single";
    this.required = root.hasAttribute("data-required");
    this.strings = parseJSON(root.getAttribute("data-strings"), {});
    this.known = new Map();
    this.moreLoaders = new WeakMap();
    this.searchTimer = null;
    this.searchRequest = null;
    this.shownQuery = null;
    this.browsing = false;

    var self = this;
    parseJSON(root.getAttribute("data-chosen"), []).forEach(function (description) {
      self.known.set(String(description.id), description);
    });
    this.enhance();
  }

  OrgChooser.prototype.t = function (key, values) {
    return format(this.strings[key] || key, values || {});
  };

  OrgChooser.prototype.enhance = function () {
    var self = this;
    // The select keeps the value but is no longer what the editor sees; a required select that
    // cannot be focused would block the browser's own form check, the server checks instead.
    this.select.hidden = true;
    this.select.required = false;
    this.select.setAttribute("tabindex", "-1");
    this.ui.hidden = false;
    this.root.classList.add("org-chooser--enhanced");

    if (this.select.id && window.CSS && CSS.escape) {
      var label = document.querySelector('label[for="' + CSS.escape(this.select.id) + '"]');
      if (label) {
        label.addEventListener("click", function (event) {
          event.preventDefault();
          self.search.focus();
        });
      }
    }

    this.chips.addEventListener("click", function (event) {
      var remove = event.target.closest("[data-testid='org-chip-remove']");
      if (remove) {
        self.removeChip(remove.closest("[data-id]"));
      }
    });
    this.chips.addEventListener("keydown", function (event) {
      var remove = event.target.closest("[data-testid='org-chip-remove']");
      if (remove && (event.key === "Backspace" || event.key === "Delete")) {
        event.preventDefault();
        self.removeChip(remove.closest("[data-id]"));
      }
    });

    this.search.addEventListener("input", function () {
      window.clearTimeout(self.searchTimer);
      self.searchTimer = window.setTimeout(function () {
        self.runSearch();
      }, SEARCH_DELAY_MS);
    });
    this.search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        // Never submit the page form from here.
        event.preventDefault();
        window.clearTimeout(self.searchTimer);
        self.runSearch();
      } else if (event.key === "ArrowDown") {
        var first = self.visibleChooseButtons()[0];
        if (first) {
          event.preventDefault();
          first.focus();
        }
      } else if (event.key === "Escape" && !self.panel.hidden) {
        event.preventDefault();
        self.closePanel();
      }
    });

    this.browse.addEventListener("click", function () {
      if (self.browsing && !self.panel.hidden) {
        self.closePanel();
      } else {
        self.openBrowse();
      }
    });
    this.clear.addEventListener("click", function () {
      Array.prototype.forEach.call(self.select.options, function (option) {
        option.selected = false;
      });
      self.changed(self.t("removedAll"));
      self.search.focus();
    });

    this.panel.addEventListener("click", function (event) {
      self.onPanelClick(event);
    });
    this.panel.addEventListener("keydown", function (event) {
      self.onPanelKeydown(event);
    });

    this.renderChips();
  };

  /* -- the value ------------------------------------------------------------------------ */

  OrgChooser.prototype.option = function (id) {
    var wanted = String(id);
    for (var i = 0; i < this.select.options.length; i += 1) {
      if (this.select.options[i].value === wanted) {
        return this.select.options[i];
      }
    }
    return null;
  };

  OrgChooser.prototype.isChosen = function (id) {
    var option = this.option(id);
    return Boolean(option && option.selected);
  };

  OrgChooser.prototype.chosenIds = function () {
    return Array.prototype.filter
      .call(this.select.options, function (option) {
        return option.selected && option.value !== ""; // a single select's empty option is no choice
      })
      .map(function (option) {
        return option.value;
      });
  };

  /* Select an organisation (the widget's options may not hold every choice: one missing is added).
     In a single select, selecting an option unselects the one chosen before. */
  OrgChooser.prototype.add = function (description) {
    var id = String(description.id);
    this.known.set(id, description);
    var option = this.option(id);
    if (!option) {
      option = new Option(description.name, id);
      this.select.appendChild(option);
    }
    if (option.selected) {
      return false;
    }
    option.selected = true;
    return true;
  };

  OrgChooser.prototype.changed = function (announcement) {
    this.select.dispatchEvent(new Event("input", { bubbles: true }));
    this.select.dispatchEvent(new Event("change", { bubbles: true }));
    this.renderChips();
    this.refreshRows();
    if (announcement) {
      this.announce(announcement);
    }
  };

  OrgChooser.prototype.toggle = function (description) {
    if (this.single) {
      this.chooseOne(description);
      return;
    }
    var id = String(description.id);
    if (this.isChosen(id)) {
      this.option(id).selected = false;
      this.changed(this.t("removed", { name: description.name }));
    } else {
      this.add(description);
      this.changed(this.t("added", { name: description.name }));
    }
  };

  /* Single mode: the organisation chosen replaces the one before; the list has done its job. */
  OrgChooser.prototype.chooseOne = function (description) {
    if (this.add(description)) {
      this.changed(this.t("chosenOne", { name: description.name }));
    }
    this.search.value = "";
    this.closePanel();
    this.search.focus();
  };

  /* Single mode, a field that may be empty: the empty option (added if the select has none). */
  OrgChooser.prototype.unchoose = function () {
    var empty = this.option("");
    if (!empty) {
      empty = new Option("", "");
      this.select.insertBefore(empty, this.select.firstChild);
    }
    empty.selected = true;
  };

  OrgChooser.prototype.announce = function (text) {
    // Emptied first, so the same words said twice are announced twice.
    var status = this.status;
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = text;
    }, 50);
  };

  /* -- chips ---------------------------------------------------------------------------- */

  OrgChooser.prototype.describe = function (id) {
    var known = this.known.get(String(id));
    if (known) {
      return known;
    }
    var option = this.option(id);
    return { id: id, name: option ? option.text : String(id), ancestors: [], has_children: false };
  };

  OrgChooser.prototype.renderChips = function () {
    var self = this;
    var ids = this.chosenIds();
    var removable = !(this.single && this.required);
    this.chips.replaceChildren();
    ids.forEach(function (id) {
      var description = self.describe(id);
      var note = self.subtree && description.has_children ? self.t("withAllBelow") : "";
      var path = pathOf(description);
      self.chips.appendChild(
        el("li", { class: "org-chooser__chip", "data-testid": "org-chip", "data-id": id }, [
          el("span", { class: "org-chooser__chip-text" }, [
            el("span", { class: "org-chooser__name" }, [description.name]),
            description.status ? el("span", { class: "org-chooser__status" }, [" (" + description.status + ")"]) : null,
            note ? el("span", { class: "org-chooser__note" }, [" " + note]) : null,
            path ? el("span", { class: "org-chooser__path" }, [path]) : null,
          ]),
          removable
            ? el(
                "button",
                {
                  type: "button",
                  class: "org-chooser__remove",
                  "data-testid": "org-chip-remove",
                  "aria-label": self.t("remove", { name: description.name }),
                },
                ["×"],
              )
            : null,
        ]),
      );
    });
    this.empty.hidden = ids.length > 0;
    this.clear.hidden = this.single || ids.length < 2;
    if (this.count) {
      this.count.hidden = this.single || ids.length < 2;
      this.count.textContent = this.t("chosenCount", { count: ids.length });
    }
  };

  OrgChooser.prototype.removeChip = function (chip) {
    if (!chip) {
      return;
    }
    var id = chip.getAttribute("data-id");
    var next = chip.nextElementSibling || chip.previousElementSibling;
    var nextId = next ? next.getAttribute("data-id") : null;
    var option = this.option(id);
    if (this.single) {
      this.unchoose();
    } else if (option) {
      option.selected = false;
    }
    this.changed(this.t("removed", { name: this.describe(id).name }));
    var focusTarget = nextId
      ? this.chips.querySelector("[data-id='" + nextId + "'] [data-testid='org-chip-remove']")
      : null;
    (focusTarget || this.search).focus();
  };

  /* -- the panel: search results and the tree ------------------------------------------- */

  OrgChooser.prototype.fetchJSON = function (params, signal) {
    var url = new URL(this.url, window.location.href);
    Object.keys(params).forEach(function (key) {
      url.searchParams.set(key, params[key]);
    });
    return window
      .fetch(url.toString(), {
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
        signal: signal,
      })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      });
  };

  OrgChooser.prototype.showMessage = function (text) {
    this.message.textContent = text || "";
    this.message.hidden = !text;
  };

  OrgChooser.prototype.openPanel = function () {
    this.panel.hidden = false;
    this.browse.setAttribute("aria-expanded", String(this.browsing));
  };

  OrgChooser.prototype.closePanel = function () {
    this.panel.hidden = true;
    this.shownQuery = null;
    this.browsing = false;
    this.browse.setAttribute("aria-expanded", "false");
    if (this.searchRequest) {
      this.searchRequest.abort();
    }
  };

  OrgChooser.prototype.runSearch = function () {
    var query = this.search.value.trim();
    if (!query) {
      if (!this.browsing) {
        this.closePanel();
      } else {
        this.openBrowse();
      }
      return;
    }
    if (query === this.shownQuery && !this.panel.hidden) {
      return; // already shown: Enter again keeps the list (and the place in it)
    }
    this.browsing = false;
    this.shownQuery = query;
    this.fillRows({ q: query }, this.t("nothingFound"));
  };

  OrgChooser.prototype.openBrowse = function () {
    this.browsing = true;
    this.shownQuery = null;
    this.search.value = "";
    this.fillRows({}, this.t("nothingFound"));
  };

  /* Replace the panel's list with a first page of results (search or the top of the tree). */
  OrgChooser.prototype.fillRows = function (params, emptyText) {
    var self = this;
    if (this.searchRequest) {
      this.searchRequest.abort();
    }
    var request = new AbortController();
    this.searchRequest = request;
    this.openPanel();
    this.rows.replaceChildren();
    this.showMessage(this.t("loading"));
    this.panel.setAttribute("aria-busy", "true");
    this.loadPage(this.rows, params, 0, true, request.signal)
      .then(function (count) {
        self.showMessage(count ? "" : emptyText);
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") {
          return;
        }
        self.showMessage(self.t("loadFailed"));
      })
      .then(function () {
        if (self.searchRequest === request) {
          self.panel.removeAttribute("aria-busy");
        }
      });
  };

  /* Append one page of organisations to ``list``; resolves with how many came. */
  OrgChooser.prototype.loadPage = function (list, params, offset, showPath, signal) {
    var self = this;
    var query = Object.assign({}, params);
    if (offset) {
      query.offset = offset;
    }
    return this.fetchJSON(query, signal).then(function (data) {
      var results = data.results || [];
      results.forEach(function (description) {
        self.known.set(String(description.id), description);
        list.appendChild(self.renderRow(description, showPath));
      });
      if (data.next_offset !== null && data.next_offset !== undefined) {
        var more = el(
          "button",
          {
            type: "button",
            class: "button button-small button-secondary",
            "data-org-more": true,
            "data-testid": "org-chooser-more",
          },
          [self.t("showMore")],
        );
        self.moreLoaders.set(more, { list: list, params: params, offset: data.next_offset, showPath: showPath });
        list.appendChild(el("li", { class: "org-chooser__more" }, [more]));
      }
      self.refreshRows();
      return results.length;
    });
  };

  OrgChooser.prototype.renderRow = function (description, showPath) {
    var id = String(description.id);
    var name = description.name;
    var path = showPath ? pathOf(description) : "";
    var toggle = description.has_children
      ? el(
          "button",
          {
            type: "button",
            class: "org-chooser__toggle",
            "data-org-toggle": true,
            "data-testid": "org-expand",
            "aria-expanded": "false",
            "aria-label": this.t("showBelow", { name: name }),
          },
          [el("span", { class: "org-chooser__caret", "aria-hidden": "true" }, ["▸"])],
        )
      : el("span", { class: "org-chooser__toggle org-chooser__toggle--none", "aria-hidden": "true" });
    var choose = el(
      "button",
      {
        type: "button",
        class: "org-chooser__choose",
        "data-org-choose": true,
        "data-testid": "org-choose",
        "data-id": id,
        "aria-pressed": "false",
      },
      [
        el("span", { class: "org-chooser__name" }, [name]),
        description.level ? el("span", { class: "org-chooser__level" }, [description.level]) : null,
        path ? el("span", { class: "org-chooser__path" }, [path]) : null,
        el("span", { class: "org-chooser__state", "data-org-state": true }),
      ],
    );
    var addBelow =
      this.mode === "each" && description.has_children
        ? el(
            "button",
            {
              type: "button",
              class: "button button-small button-secondary org-chooser__add-below",
              "data-org-add-below": true,
              "data-testid": "org-add-below",
              "aria-label": this.t("addBelowOf", { name: name }),
            },
            [this.t("addBelow")],
          )
        : null;
    return el("li", { class: "org-chooser__row", "data-testid": "org-result", "data-id": id }, [
      el("div", { class: "org-chooser__line" }, [toggle, choose, addBelow]),
      el("div", { class: "org-chooser__confirm", "data-org-confirm": true, "data-testid": "org-confirm", hidden: true }),
      el("ul", { class: "org-chooser__children", "data-org-children": true, hidden: true }),
    ]);
  };

  /* Chosen, or (for an audience) included with a chosen ancestor: said on every row shown. */
  OrgChooser.prototype.refreshRows = function () {
    var self = this;
    var chosen = new Set(this.chosenIds());
    this.panel.querySelectorAll("[data-org-choose]").forEach(function (button) {
      var id = button.getAttribute("data-id");
      var description = self.known.get(id) || { ancestors: [] };
      var state = "";
      if (chosen.has(id)) {
        state = self.t("chosen");
      } else if (self.subtree) {
        var chosenAncestor = (description.ancestors || []).filter(function (ancestor) {
          return chosen.has(String(ancestor.id));
        })[0];
        if (chosenAncestor) {
          state = self.t("includedWith", { name: chosenAncestor.name });
        }
      }
      button.setAttribute("aria-pressed", String(chosen.has(id)));
      button.classList.toggle("org-chooser__choose--included", !chosen.has(id) && Boolean(state));
      button.querySelector("[data-org-state]").textContent = state;
    });
  };

  OrgChooser.prototype.onPanelClick = function (event) {
    var target = event.target;
    var more = target.closest("[data-org-more]");
    if (more) {
      this.loadMore(more);
      return;
    }
    var row = target.closest("[data-testid='org-result']");
    if (!row) {
      return;
    }
    var id = row.getAttribute("data-id");
    if (target.closest("[data-org-toggle]")) {
      this.toggleRow(row);
    } else if (target.closest("[data-org-choose]")) {
      this.toggle(this.describe(id));
    } else if (target.closest("[data-org-add-below]")) {
      this.askBelow(row);
    } else if (target.closest("[data-org-take]")) {
      this.takeBelow(row, target.closest("[data-org-take]").getAttribute("data-org-take"));
    } else if (target.closest("[data-org-cancel]")) {
      this.closeConfirm(row);
    }
  };

  OrgChooser.prototype.loadMore = function (button) {
    var self = this;
    var loader = this.moreLoaders.get(button);
    if (!loader) {
      return;
    }
    var item = button.closest("li");
    var previous = item.previousElementSibling;
    button.disabled = true;
    this.loadPage(loader.list, loader.params, loader.offset, loader.showPath)
      .then(function () {
        item.remove();
        var first = previous ? previous.nextElementSibling : loader.list.firstElementChild;
        var choose = first && first.querySelector("[data-org-choose]");
        if (choose) {
          choose.focus();
        }
      })
      .catch(function () {
        button.disabled = false;
        self.announce(self.t("loadFailed"));
      });
  };

  OrgChooser.prototype.toggleRow = function (row, expand) {
    var self = this;
    var toggle = row.querySelector(":scope > .org-chooser__line [data-org-toggle]");
    var children = row.querySelector(":scope > [data-org-children]");
    if (!toggle) {
      return Promise.resolve();
    }
    var open = toggle.getAttribute("aria-expanded") === "true";
    var wanted = expand === undefined ? !open : expand;
    var name = this.describe(row.getAttribute("data-id")).name;
    toggle.setAttribute("aria-expanded", String(wanted));
    toggle.setAttribute("aria-label", this.t(wanted ? "hideBelow" : "showBelow", { name: name }));
    children.hidden = !wanted;
    if (!wanted || children.getAttribute("data-loaded")) {
      return Promise.resolve();
    }
    children.setAttribute("data-loaded", "true");
    var loading = el("li", { class: "org-chooser__note" }, [this.t("loading")]);
    children.appendChild(loading);
    return this.loadPage(children, { parent: row.getAttribute("data-id") }, 0, false)
      .then(function (count) {
        loading.remove();
        if (!count) {
          children.appendChild(el("li", { class: "org-chooser__note" }, [self.t("nothingBelow")]));
        }
      })
      .catch(function () {
        loading.remove();
        children.removeAttribute("data-loaded");
        children.appendChild(el("li", { class: "org-chooser__note" }, [self.t("loadFailed")]));
      });
  };

  /* -- "add the unions below" (recipients): the count first, then the organisations --------- */

  OrgChooser.prototype.closeConfirm = function (row) {
    var confirm = row.querySelector(":scope > [data-org-confirm]");
    confirm.hidden = true;
    confirm.replaceChildren();
    var button = row.querySelector(":scope > .org-chooser__line [data-org-add-below]");
    if (button) {
      button.focus();
    }
  };

  OrgChooser.prototype.askBelow = function (row) {
    var self = this;
    var id = row.getAttribute("data-id");
    var name = this.describe(id).name;
    var confirm = row.querySelector(":scope > [data-org-confirm]");
    confirm.hidden = false;
    confirm.replaceChildren(el("p", {}, [this.t("loading")]));
    this.fetchJSON({ below: id })
      .then(function (counts) {
        var buttons = [];
        if (counts.direct > 0) {
          buttons.push(
            el(
              "button",
              { type: "button", class: "button button-small", "data-org-take": "direct", "data-testid": "org-add-direct" },
              [self.t("addDirect", { count: counts.direct })],
            ),
          );
        }
        if (counts.all > counts.direct && counts.all <= counts.limit) {
          buttons.push(
            el(
              "button",
              { type: "button", class: "button button-small", "data-org-take": "all", "data-testid": "org-add-all" },
              [self.t("addAll", { count: counts.all })],
            ),
          );
        }
        buttons.push(
          el(
            "button",
            { type: "button", class: "button button-small button-secondary", "data-org-cancel": true, "data-testid": "org-add-cancel" },
            [self.t("cancel")],
          ),
        );
        var text = counts.all
          ? self.t("belowCounts", { name: name, direct: counts.direct, all: counts.all })
          : self.t("nothingBelow");
        var children = [el("p", { "data-testid": "org-below-counts" }, [text])];
        if (counts.all > counts.limit) {
          children.push(el("p", { class: "org-chooser__warning" }, [self.t("tooMany", { limit: counts.limit })]));
        }
        children.push(el("div", { class: "org-chooser__confirm-buttons" }, buttons));
        confirm.replaceChildren.apply(confirm, children);
        self.announce(text);
        confirm.querySelector("button").focus();
      })
      .catch(function () {
        confirm.replaceChildren(el("p", {}, [self.t("loadFailed")]));
      });
  };

  OrgChooser.prototype.takeBelow = function (row, take) {
    var self = this;
    var confirm = row.querySelector(":scope > [data-org-confirm]");
    confirm.querySelectorAll("button").forEach(function (button) {
      button.disabled = true;
    });
    this.fetchJSON({ below: row.getAttribute("data-id"), take: take })
      .then(function (data) {
        var added = 0;
        (data.results || []).forEach(function (description) {
          if (self.add(description)) {
            added += 1;
          }
        });
        self.changed(self.t("addedMany", { count: added }));
        self.closeConfirm(row);
      })
      .catch(function () {
        confirm.replaceChildren(el("p", {}, [self.t("loadFailed")]));
      });
  };

  /* -- keyboard in the panel ------------------------------------------------------------ */

  OrgChooser.prototype.visibleChooseButtons = function () {
    if (this.panel.hidden) {
      return [];
    }
    return Array.prototype.filter.call(this.panel.querySelectorAll("[data-org-choose]"), function (button) {
      return button.offsetParent !== null;
    });
  };

  OrgChooser.prototype.onPanelKeydown = function (event) {
    var choose = event.target.closest("[data-org-choose]");
    if (event.key === "Escape") {
      event.preventDefault();
      this.search.focus();
      return;
    }
    if (!choose) {
      return;
    }
    var buttons = this.visibleChooseButtons();
    var index = buttons.indexOf(choose);
    var row = choose.closest("[data-testid='org-result']");
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      var next = buttons[index + (event.key === "ArrowDown" ? 1 : -1)];
      if (next) {
        next.focus();
      } else if (event.key === "ArrowUp") {
        this.search.focus();
      }
    } else if (event.key === "ArrowRight") {
      var toggle = row.querySelector(":scope > .org-chooser__line [data-org-toggle]");
      if (toggle) {
        event.preventDefault();
        this.toggleRow(row, true).then(function () {
          var child = row.querySelector(":scope > [data-org-children] [data-org-choose]");
          if (child) {
            child.focus();
          }
        });
      }
    } else if (event.key === "ArrowLeft") {
      event.preventDefault();
      var opened = row.querySelector(":scope > .org-chooser__line [data-org-toggle][aria-expanded='true']");
      if (opened) {
        this.toggleRow(row, false);
      } else {
        var parentRow = row.parentElement.closest("[data-testid='org-result']");
        if (parentRow) {
          parentRow.querySelector("[data-org-choose]").focus();
        }
      }
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      buttons[event.key === "Home" ? 0 : buttons.length - 1].focus();
    }
  };

  /* -- start ---------------------------------------------------------------------------- */

  function start(root) {
    if (root.orgChooser || !root.querySelector("[data-org-chooser-select]")) {
      return;
    }
    try {
      root.orgChooser = new OrgChooser(root);
    } catch (error) {
      // Leave the native select usable.
      var select = root.querySelector("[data-org-chooser-select]");
      var ui = root.querySelector("[data-org-chooser-ui]");
      if (select) {
        select.hidden = false;
        select.removeAttribute("tabindex");
      }
      if (ui) {
        ui.hidden = true;
      }
      throw error;
    }
  }

  function startAll() {
    document.querySelectorAll("[data-org-chooser]").forEach(start);
  }

  if (window.StimulusModule && window.wagtail && window.wagtail.app) {
    window.wagtail.app.register(
      "org-chooser",
      class extends window.StimulusModule.Controller {
        connect() {
          start(this.element);
        }
      },
    );
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();
