// Fills the invite form from the link's fragment (`/invite#<code>`), which browsers never send
// to the server; without JavaScript the person pastes the code instead.
(function () {
  var code = window.location.hash.slice(1);
  var field = document.getElementById("invite_code");
  if (code && field && !field.value) {
    field.value = decodeURIComponent(code);
  }
})();
