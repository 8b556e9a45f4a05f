report file-socket.json
