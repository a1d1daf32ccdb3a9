// The loader's command queue, as README shows it, in an external classic script.
window.hostTest = { providerCalls: 0 };
window.openbook = window.openbook || [];
window.openbook.push([
  'init',
  {
    target: '#openbook-widget',
    api: document.body.dataset.api,
    sections: 'value,prediction,history',
    tokenProvider: function () {
      window.hostTest.providerCalls += 1;
      return fetch('/token?customer=' + encodeURIComponent(document.body.dataset.customer), { method: 'POST' }).then(function (r) {
        return r.json();
      });
    },
  },
]);
