// kehoach — the little the pages need beyond htmx: say so when an htmx request fails
// (htmx leaves the page unchanged on 4xx/5xx answers and network errors).
document.addEventListener("htmx:responseError", function (event) {
  var status = event.detail.xhr.status;
  var text = status === 403 ? "Bạn không có quyền thực hiện thao tác này."
    : status === 404 ? "Không tìm thấy mục này (có thể kế hoạch đã được ban hành). Hãy tải lại trang."
    : "Máy chủ gặp lỗi (mã " + status + "). Hãy thử lại.";
  window.alert(text);
});
document.addEventListener("htmx:sendError", function () {
  window.alert("Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.");
});
